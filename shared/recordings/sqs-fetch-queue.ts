import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sendJsonMessage } from '../kernel/sqs-send';
import type { FetchJob, FetchQueue } from './intake';

/** The recording fetch queue (SQS, KMS-encrypted, with a dead-letter queue). */
export class SqsRecordingQueue implements FetchQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** 503 when SQS fails: the platform retries the webhook; nothing was accepted. */
  async enqueue(job: FetchJob): Promise<void> {
    await sendJsonMessage(this.sqs, this.queueUrl, job, 'the recording fetch queue');
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
