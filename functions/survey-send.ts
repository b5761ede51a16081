import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { smsClient } from '../shared/kernel/sns-client';
import { sqsClient } from '../shared/kernel/sqs-client';
import { DynamoSurveyStore } from '../shared/surveys/dynamo-survey-store';
import { surveyPolicyFrom, surveySendEnv } from '../shared/surveys/env';
import { createSurveySendHandler } from '../shared/surveys/send-handler';
import { SnsSmsSender } from '../shared/surveys/sns-sms-sender';
import { SqsSurveyQueue } from '../shared/surveys/sqs-survey-queue';
import { DEFAULT_SURVEY_TEXT } from '../shared/surveys/text';

const env = loadEnv(surveySendEnv);

/** SQS-triggered (survey queue): one job per record (shared/surveys/send-handler.ts). */
export const handler = createSurveySendHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  surveys: new DynamoSurveyStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  queue: new SqsSurveyQueue(sqsClient(), env.SURVEY_QUEUE_URL),
  sms: new SnsSmsSender(smsClient(), env.SURVEY_ORIGINATION_IDENTITY),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  policy: surveyPolicyFrom(env),
  text: env.SURVEY_TEXT ?? DEFAULT_SURVEY_TEXT,
  dailyCap: env.SURVEY_DAILY_CAP,
});
