import type { SNSEvent } from 'aws-lambda';
import { SURVEY_QUEUE_SETTINGS } from '../shared/surveys/ports';
import { LOCAL_NAMES } from './emulators';
import { queueJob } from './event-source-mapping';
import { type HttpHandler, localContext } from './lambda-http';

/** Locally a failed survey job comes back after this short wait (in AWS: the visibility timeout). */
const RETRY_SECONDS = 2;

/**
 * The survey queue's event source mapping (SURVEY_QUEUE_SETTINGS, as in
 * infra/constructs/surveys.ts): the local SQS stand-in honours DelaySeconds; the same
 * survey-send handler Lambda runs gets up to 10 jobs at a time; failed jobs come back after a
 * short wait, then go to the dead letters. Loading the handler validates the survey SMS text
 * (GSM-7, one segment), so a bad text stops `npm start` with the reason.
 */
export const surveySendJob = queueJob({
  functionName: 'survey-send',
  queueName: LOCAL_NAMES.surveyQueue,
  settings: SURVEY_QUEUE_SETTINGS,
  load: () => import('../functions/survey-send'),
  retrySeconds: () => RETRY_SECONDS,
});

/**
 * POST /local/sms/replies {"originationNumber": "+358...", "messageBody": "4"}: what the
 * phone network would deliver to the inbound SNS topic, wrapped as SNS delivers it to the
 * survey-reply function. Local mode only (in AWS replies come from End User Messaging SMS).
 */
export async function localSmsReplyRoute(): Promise<HttpHandler> {
  const { handler } = await import('../functions/survey-reply');
  return async (event) => {
    let body: { originationNumber?: unknown; messageBody?: unknown };
    try {
      body = JSON.parse(event.body ?? '{}');
    } catch {
      body = {};
    }
    if (typeof body.originationNumber !== 'string' || typeof body.messageBody !== 'string') {
      return {
        statusCode: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: {
            code: 'ValidationError',
            message: 'send {"originationNumber": "+358401234567", "messageBody": "4"}',
          },
        }),
      };
    }
    const sns: SNSEvent = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'arn:aws:sns:eu-north-1:000000000000:inbound-replies:local',
          Sns: {
            Type: 'Notification',
            MessageId: crypto.randomUUID(),
            TopicArn: 'arn:aws:sns:eu-north-1:000000000000:inbound-replies',
            Subject: '',
            Message: JSON.stringify({
              originationNumber: body.originationNumber,
              destinationNumber: '+358000000000',
              messageKeyword: 'KEYWORD_LOCAL',
              messageBody: body.messageBody,
              inboundMessageId: crypto.randomUUID(),
            }),
            Timestamp: new Date().toISOString(),
            SignatureVersion: '1',
            Signature: '',
            SigningCertUrl: '',
            UnsubscribeUrl: '',
            MessageAttributes: {},
          },
        },
      ],
    };
    await handler(sns, localContext('survey-reply'));
    return { statusCode: 202, headers: { 'content-type': 'application/json' }, body: '{"accepted":true}' };
  };
}
