import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { sqsClient } from '../shared/kernel/sqs-client';
import { DynamoRecordingStore } from '../shared/recordings/dynamo-recording-store';
import { sourcePolicyFrom } from '../shared/recordings/source-policy';
import { SqsRecordingQueue } from '../shared/recordings/sqs-fetch-queue';
import { DynamoSurveyStore } from '../shared/surveys/dynamo-survey-store';
import { surveyPolicyFrom } from '../shared/surveys/env';
import { scheduleSurvey } from '../shared/surveys/schedule';
import { SqsSurveyQueue } from '../shared/surveys/sqs-survey-queue';
import { readTwilioSecret } from '../shared/twilio/credentials';
import { DynamoCallbackDedupe } from '../shared/twilio/dynamo-callback-dedupe';
import { acceptTwilioRecording } from '../shared/twilio/recording-callback';
import { twilioVoiceEnv } from '../shared/twilio/voice-env';
import { createTwilioVoiceHandler } from '../shared/twilio/voice-handler';

const env = loadEnv(twilioVoiceEnv);
const surveys = {
  surveys: new DynamoSurveyStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  queue: new SqsSurveyQueue(sqsClient(), env.SURVEY_QUEUE_URL),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  policy: surveyPolicyFrom(env),
};
const recordings = {
  recordings: new DynamoRecordingStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  queue: new SqsRecordingQueue(sqsClient(), env.RECORDING_FETCH_QUEUE_URL),
  policy: sourcePolicyFrom(env),
};

export const handler = createTwilioVoiceHandler({
  platforms: env.PLATFORMS,
  baseUrl: env.WEBHOOK_BASE_URL,
  readSecret: (secretId) => readTwilioSecret(secretId),
  dedupe: new DynamoCallbackDedupe(dynamoDocumentClient(), env.IDEMPOTENCY_TABLE),
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.RETENTION_MONTHS,
  defaultCountry: env.DEFAULT_COUNTRY,
  // N10: a due call gets exactly one survey, however many times its final status arrives.
  onCallStored: [async (record) => void (await scheduleSurvey(record, surveys))],
  recordings: (request) => acceptTwilioRecording(request, recordings),
});
