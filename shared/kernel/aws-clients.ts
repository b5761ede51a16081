import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './observability';

/**
 * AWS SDK clients, created once per container on first use (module scope, lazily), and
 * instrumented for X-Ray. Endpoints follow the SDK's own `AWS_ENDPOINT_URL_<SERVICE>`
 * variables, which is how local mode points them at the emulators.
 */
let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

let s3: S3Client | undefined;

/** S3, path-style when an endpoint override is set (local mode's s3rver needs it). */
export function s3Client(): S3Client {
  s3 ??= tracer.captureAWSv3Client(
    new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }),
  );
  return s3;
}

let s3Presign: S3Client | undefined;

/**
 * S3 for presigned URLs: checksums only when required, so a presigned PUT does not pin a
 * checksum of an empty body that the uploader's bytes could never match.
 */
export function s3PresignClient(): S3Client {
  s3Presign ??= new S3Client({
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return s3Presign;
}

let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  sqs ??= tracer.captureAWSv3Client(new SQSClient({}));
  return sqs;
}

let sms: SNSClient | undefined;

/**
 * SNS for SMS, with SDK retries OFF: a retry after a timed-out Publish could send the SMS
 * twice. The survey sender handles retries itself (docs/adr/0004-survey-exactly-once.md).
 */
export function smsClient(): SNSClient {
  sms ??= tracer.captureAWSv3Client(new SNSClient({ maxAttempts: 1 }));
  return sms;
}
