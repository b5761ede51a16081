import type { SNSEvent } from 'aws-lambda';
import { LOCAL_NAMES } from './emulators';
import type { LocalJob } from './jobs';
import { type HttpHandler, localContext } from './lambda-http';
import { every, pollInterval, sqsEvent } from './polling';

/** Like the survey queue's redrive policy in infra/constructs/surveys.ts. */
const MAX_RECEIVE_COUNT = 5;
const RETRY_SECONDS = 2;

/**
 * The survey queue's event source mapping, in-process: polls the local SQS stand-in (which
 * honours DelaySeconds) and invokes the same survey-send handler Lambda runs; failed jobs come
 * back after a short wait, then go to the dead letters. Loading the handler validates the
 * survey SMS text (GSM-7, one segment), so a bad text stops `npm start` with the reason.
 */
export const surveySendJob: LocalJob = {
  name: 'survey-send',
  async start(emulators) {
    const { handler } = await import('../functions/survey-send');
    const queue = emulators.sqs.queue(LOCAL_NAMES.surveyQueue);
    return every('survey send job', pollInterval(), async () => {
      const messages = queue.receive(10, 60);
      if (messages.length === 0) return;
      const result = await handler(sqsEvent(messages), localContext('survey-send', 20_000));
      const failed = new Set(result?.batchItemFailures.map((f) => f.itemIdentifier));
      for (const message of messages) {
        if (failed.has(message.messageId)) queue.fail(message, MAX_RECEIVE_COUNT, RETRY_SECONDS);
        else queue.delete(message.receiptHandle ?? '');
      }
    });
  },
};

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
