import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { smsClient } from '../shared/kernel/sns-client';
import { DynamoSurveyStore } from '../shared/surveys/dynamo-survey-store';
import { surveyReplyEnv } from '../shared/surveys/env';
import { createSurveyReplyHandler } from '../shared/surveys/reply-handler';
import { SnsSmsSender } from '../shared/surveys/sns-sms-sender';

const env = loadEnv(surveyReplyEnv);

/** Two-way SMS replies from the inbound SNS topic (shared/surveys/reply-handler.ts). */
export const handler = createSurveyReplyHandler({
  surveys: new DynamoSurveyStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  sms: new SnsSmsSender(smsClient(), env.SURVEY_ORIGINATION_IDENTITY),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  optOutConfirmation: env.SURVEY_OPTOUT_CONFIRMATION,
  replyHours: env.SURVEY_REPLY_HOURS,
});
