import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { smsClient } from '../shared/kernel/sns-client';
import { loadEnv } from '../shared/kernel/env';
import { logger, metrics } from '../shared/kernel/observability';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { parseInboundSms } from '../shared/surveys/contract';
import { DynamoSurveyStore } from '../shared/surveys/dynamo-survey-store';
import { surveyReplyEnv } from '../shared/surveys/env';
import { handleSurveyReply } from '../shared/surveys/handle-reply';
import { SnsSmsSender } from '../shared/surveys/sns-sms-sender';

const env = loadEnv(surveyReplyEnv);
const deps = {
  surveys: new DynamoSurveyStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  sms: new SnsSmsSender(smsClient(), env.SURVEY_ORIGINATION_IDENTITY),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  optOutConfirmation: env.SURVEY_OPTOUT_CONFIRMATION,
  replyHours: env.SURVEY_REPLY_HOURS,
};

/**
 * Two-way SMS replies, delivered by the inbound SNS topic. Logs the outcome only: never the
 * number or the text (N14, N17). A throw makes SNS/Lambda retry, then the subscription's DLQ.
 */
export const handler = middy<SNSEvent, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (event) => {
    for (const record of event.Records) {
      const sms = parseInboundSms(record.Sns.Message);
      const outcome = sms ? await handleSurveyReply(sms, deps) : 'unreadable-message';
      logger.info('survey reply handled', { snsMessageId: record.Sns.MessageId, outcome });
      metrics.addMetric(`SurveyReply_${outcome}`, 'Count', 1);
    }
  });
