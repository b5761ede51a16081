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
let client: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;

/**
 * A low-level client, for libraries that marshal items themselves (Powertools idempotency): the
 * same timeouts and tracing as the document client, so a hung request fails there too.
 */
export function dynamoClient(): DynamoDBClient {
  client ??= newClient();
  return client;
}

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(newClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

function newClient(): DynamoDBClient {
  return tracer.captureAWSv3Client(new DynamoDBClient({ requestHandler: API_CALL_TIMEOUTS }));
}
