import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from './observability';

/** SQS (see kernel/dynamo-client.ts for how clients are made). */
let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  sqs ??= tracer.captureAWSv3Client(new SQSClient({}));
  return sqs;
}
