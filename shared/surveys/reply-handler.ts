import type { SNSEvent } from 'aws-lambda';
import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { parseInboundSms } from './contract';
import { type HandleReplyDeps, handleSurveyReply } from './handle-reply';

/**
 * Two-way SMS replies, delivered by the inbound SNS topic. Logs the outcome only: never the
 * number or the text (N14, N17). A throw makes SNS/Lambda retry, then the subscription's DLQ.
 */
export function createSurveyReplyHandler(deps: HandleReplyDeps) {
  return lambdaBundle<SNSEvent, void>(async (event) => {
    for (const record of event.Records) {
      const sms = parseInboundSms(record.Sns.Message);
      const outcome = sms ? await handleSurveyReply(sms, deps) : 'unreadable-message';
      logger.info('survey reply handled', { snsMessageId: record.Sns.MessageId, outcome });
      metrics.addMetric(`SurveyReply_${outcome}`, 'Count', 1);
    }
  });
}
