import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { StoreUnavailableError } from '../kernel/errors';
import type { ConnectRedactionJob, ConnectRedactionQueue } from './redact-message';

/** The Connect redaction queue (SQS, KMS-encrypted): one message per contact that left this store. */
export class SqsConnectRedactionQueue implements ConnectRedactionQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: ConnectRedactionJob): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }),
      );
    } catch (error) {
      throw new StoreUnavailableError('the Connect redaction queue could not be written', { cause: error });
    }
  }
}
