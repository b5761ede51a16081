import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { DynamoChatStore } from '../shared/chats/dynamo-chat-store';
import { createConnectCtrHandler } from '../shared/connect/ctr-handler';
import { DynamoRecordingLinks } from '../shared/connect/dynamo-recording-links';
import { connectCtrEnv } from '../shared/connect/env';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { s3Client } from '../shared/kernel/s3-client';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { sqsClient } from '../shared/kernel/sqs-client';
import { S3RecordingObjects } from '../shared/recordings/s3-recording-objects';
import { DynamoSurveyStore } from '../shared/surveys/dynamo-survey-store';
import { surveyPolicyFrom } from '../shared/surveys/env';
import { scheduleSurvey } from '../shared/surveys/schedule';
import { SqsSurveyQueue } from '../shared/surveys/sqs-survey-queue';

const env = loadEnv(connectCtrEnv);
const pepper = () => pseudonymPepper(env.PEPPER_SECRET_ID);
const surveys = {
  surveys: new DynamoSurveyStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  queue: new SqsSurveyQueue(sqsClient(), env.SURVEY_QUEUE_URL),
  pepper,
  policy: surveyPolicyFrom(env),
};

export const handler = createConnectCtrHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  links: new DynamoRecordingLinks(dynamoDocumentClient(), env.CONTACTS_TABLE),
  objects: new S3RecordingObjects(s3Client(), env.RECORDINGS_BUCKET),
  pepper,
  retentionMonths: env.RETENTION_MONTHS,
  defaultCountry: env.DEFAULT_COUNTRY,
  // N10: exactly as for the call webhook: a due call gets one survey, however often its CTR arrives.
  onCallStored: [async (record) => void (await scheduleSurvey(record, surveys))],
  chat: {
    chats: new DynamoChatStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
    pepper,
    retentionMonths: env.CHAT_RETENTION_MONTHS,
  },
});
