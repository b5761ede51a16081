import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../observability';

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
