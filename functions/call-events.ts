import { dynamoDocumentClient, sqsClient } from '../shared/adapters/clients';
import { DynamoCallStore } from '../shared/adapters/dynamo-call-store';
import { DynamoRecordingStore } from '../shared/adapters/dynamo-recording-store';
import { DynamoSurveyStore } from '../shared/adapters/dynamo-survey-store';
import { webhookIdempotency } from '../shared/adapters/idempotency';
import { pseudonymPepper, webhookSigningSecrets } from '../shared/adapters/secrets';
import { SqsRecordingQueue } from '../shared/adapters/sqs-recording-queue';
import { SqsSurveyQueue } from '../shared/adapters/survey-queue';
import { loadEnv, webhookEnv } from '../shared/config/env';
import { sourcePolicyFrom } from '../shared/config/env-recordings';
import { surveyPolicyFrom } from '../shared/config/env-surveys';
import { scheduleSurvey } from '../shared/domain/survey-schedule';
import { createCallWebhookHandler } from '../shared/http/call-webhook';

const env = loadEnv(webhookEnv);
const surveys = {
  surveys: new DynamoSurveyStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  queue: new SqsSurveyQueue(sqsClient(), env.SURVEY_QUEUE_URL),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  policy: surveyPolicyFrom(env),
};

export const handler = createCallWebhookHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  signingSecrets: () => webhookSigningSecrets(env.WEBHOOK_SECRET_ID),
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
