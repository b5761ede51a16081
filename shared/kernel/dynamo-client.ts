import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './observability';
import { API_CALL_TIMEOUTS } from './sdk-timeouts';

/**
 * AWS SDK clients are created once per container on first use (module scope, lazily) and
 * instrumented for X-Ray. Endpoints follow the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables,
 * which is how local mode points them at the emulators. One file per service, so a function
 * bundles only the clients it uses.
 */
let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    tracer.captureAWSv3Client(new DynamoDBClient({ requestHandler: API_CALL_TIMEOUTS })),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  return documentClient;
}
