import type { SQSClient } from '@aws-sdk/client-sqs';
import { sendJsonMessage } from '../kernel/sqs-send';
import type { ExportMessage, ExportQueue } from './export';

/** The export queue (SQS, KMS-encrypted): one message per export job, read by the export function. */
export class SqsExportQueue implements ExportQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: ExportMessage): Promise<void> {
    await sendJsonMessage(this.sqs, this.queueUrl, message, 'the export queue');
  }
}
