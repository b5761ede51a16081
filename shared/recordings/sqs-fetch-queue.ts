import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { StoreUnavailableError } from '../kernel/errors';
import type { FetchJob, FetchQueue } from './intake';

/** The recording fetch queue (SQS, KMS-encrypted, with a dead-letter queue). */
export class SqsRecordingQueue implements FetchQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: FetchJob): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }),
      );
    } catch (error) {
      // 503: the platform retries the webhook; nothing was accepted.
      throw new StoreUnavailableError('the recording fetch queue could not be written', { cause: error });
    }
  }

  /** Back off: make a received message visible again only after `seconds`. */
  async retryLater(receiptHandle: string, seconds: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}
