import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from './observability';
import { API_CALL_TIMEOUTS } from './sdk-timeouts';

/** SQS (see kernel/dynamo-client.ts for how clients are made). */
let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  sqs ??= tracer.captureAWSv3Client(new SQSClient({ requestHandler: API_CALL_TIMEOUTS }));
  return sqs;
}
