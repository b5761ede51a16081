import type { SQSClient } from '@aws-sdk/client-sqs';
import { sendJsonMessage } from '../kernel/sqs-send';
import type { ConnectRedactionJob, ConnectRedactionQueue } from './redact-message';

/** The Connect redaction queue (SQS, KMS-encrypted): one message per contact that left this store. */
export class SqsConnectRedactionQueue implements ConnectRedactionQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: ConnectRedactionJob): Promise<void> {
    await sendJsonMessage(this.sqs, this.queueUrl, job, 'the Connect redaction queue');
  }
}
