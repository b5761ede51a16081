import { Sha256 } from '@aws-crypto/sha256-js';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';
import type { DeadLetterIo } from './dead-letters';

/**
 * The dead-letter port on SQS (the ops API's role may only touch the listed queues), and Lambda's
 * asynchronous Invoke (a signed REST call, so the bundle needs no Lambda client).
 */
export class SqsDeadLetterIo implements DeadLetterIo {
  private signer: SignatureV4 | undefined;

  constructor(
    private readonly sqs: SQSClient,
    private readonly region = process.env.AWS_REGION ?? 'eu-north-1',
  ) {}

  async invoke(functionName: string, event: unknown): Promise<void> {
    const host = `lambda.${this.region}.amazonaws.com`;
    const path = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
    const body = JSON.stringify(event);
    // One signer for a whole redrive, with the credentials the SQS client already resolved.
    this.signer ??= new SignatureV4({
      service: 'lambda',
      region: this.region,
      sha256: Sha256,
      credentials: this.sqs.config.credentials,
    });
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname: host,
      path,
      headers: { host, 'content-type': 'application/json', 'x-amz-invocation-type': 'Event' },
      body,
    });
    const response = await fetch(`https://${host}${path}`, {
      method: 'POST',
      headers: signed.headers as Record<string, string>,
      body,
    });
    if (response.status !== 202) {
      const error = new Error(`Lambda Invoke answered ${response.status}`);
      error.name = response.status === 429 ? 'TooManyRequestsException' : 'InvokeFailed';
      throw error;
    }
  }

  async count(queueUrl: string): Promise<number> {
    const out = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
  }

  async receive(queueUrl: string): Promise<{ body: string; receiptHandle: string }[]> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
    );
    return (out.Messages ?? []).map((m) => ({ body: m.Body ?? '', receiptHandle: m.ReceiptHandle ?? '' }));
  }

  async send(queueUrl: string, body: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  }

  async delete(queueUrl: string, receiptHandle: string): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
  }
}
