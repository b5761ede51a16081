import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
