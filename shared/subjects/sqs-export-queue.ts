import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { StoreUnavailableError } from '../kernel/errors';
import type { ExportMessage, ExportQueue } from './export';

/** The export queue (SQS, KMS-encrypted): one message per export job, read by the export function. */
export class SqsExportQueue implements ExportQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: ExportMessage): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
      );
    } catch (error) {
      throw new StoreUnavailableError('the export queue could not be written', { cause: error });
    }
  }
}
