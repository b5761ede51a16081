import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './observability';

/**
 * AWS SDK clients are created once per container on first use (module scope, lazily) and
 * instrumented for X-Ray. Endpoints follow the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables,
 * which is how local mode points them at the emulators. One file per service, so a function
 * bundles only the clients it uses.
 */
let client: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;

/**
 * The one DynamoDB client of the container. Everything that talks to DynamoDB shares it (the
 * document client below, Powertools' idempotency layer): each extra client costs its own config
 * resolution at init, and would be untraced.
 */
export function dynamoClient(): DynamoDBClient {
  client ??= tracer.captureAWSv3Client(new DynamoDBClient({}));
  return client;
}

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}
