import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SurveyJob, SurveyQueue } from './ports';

/** SQS caps a message's delay at 15 minutes; the sender re-enqueues a job that arrives early. */
export const MAX_SQS_DELAY_SECONDS = 900;

/** Scheduled surveys on an SQS queue (with a dead-letter queue in AWS): survives restarts. */
export class SqsSurveyQueue implements SurveyQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: SurveyJob, delaySeconds: number): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        // Contact id and a time only: no personal data on the queue.
        MessageBody: JSON.stringify({ contactId: job.contactId, notBefore: job.notBefore }),
        DelaySeconds: Math.min(MAX_SQS_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds))),
      }),
    );
  }
}
