import { SNSClient } from '@aws-sdk/client-sns';
import { tracer } from './observability';

/** SNS (see kernel/dynamo-client.ts for how clients are made). */
let sms: SNSClient | undefined;

/**
 * SNS for SMS, with SDK retries OFF: a retry after a timed-out Publish could send the SMS
 * twice. The survey sender handles retries itself (docs/adr/0004-survey-exactly-once.md).
 */
export function smsClient(): SNSClient {
  sms ??= tracer.captureAWSv3Client(new SNSClient({ maxAttempts: 1 }));
  return sms;
}
