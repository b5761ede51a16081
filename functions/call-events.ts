import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { webhookEnv } from '../shared/calls/env';
import { createCallWebhookHandler } from '../shared/calls/webhook-handler';
import { webhookIdempotency } from '../shared/http/dynamo-idempotency';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { standardWebhookSecrets } from '../shared/kernel/platforms';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { sqsClient } from '../shared/kernel/sqs-client';
import { DynamoRecordingStore } from '../shared/recordings/dynamo-recording-store';
import { sourcePolicyFrom } from '../shared/recordings/source-policy';
import { SqsRecordingQueue } from '../shared/recordings/sqs-fetch-queue';
import { DynamoSurveyStore } from '../shared/surveys/dynamo-survey-store';
import { surveyPolicyFrom } from '../shared/surveys/env';
import { scheduleSurvey } from '../shared/surveys/schedule';
import { SqsSurveyQueue } from '../shared/surveys/sqs-survey-queue';

const env = loadEnv(webhookEnv);
const surveys = {
  surveys: new DynamoSurveyStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  queue: new SqsSurveyQueue(sqsClient(), env.SURVEY_QUEUE_URL),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  policy: surveyPolicyFrom(env),
};

export const handler = createCallWebhookHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  signingSecrets: standardWebhookSecrets(env.PLATFORMS),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.RETENTION_MONTHS,
  defaultCountry: env.DEFAULT_COUNTRY,
  idempotency: webhookIdempotency(env.IDEMPOTENCY_TABLE),
  // N10: a due call gets exactly one survey, however many times call.ended arrives.
  onCallStored: [async (record) => void (await scheduleSurvey(record, surveys))],
  recordings: {
    recordings: new DynamoRecordingStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
    queue: new SqsRecordingQueue(sqsClient(), env.RECORDING_FETCH_QUEUE_URL),
    policy: sourcePolicyFrom(env),
  },
});
