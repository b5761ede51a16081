import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** How long a webhook-id is remembered: far longer than any platform's retry schedule. */
const REMEMBER_SECONDS = 7 * 24 * 3600;

/**
 * Deduplicates deliveries on their Standard Webhooks `webhook-id`: a replay gets the first
 * delivery's response and changes nothing; a delivery whose processing failed is forgotten,
 * so the platform's retry is processed afresh.
 */
export function webhookIdempotency(tableName: string, client = new DynamoDBClient({})) {
  return makeHandlerIdempotent({
    persistenceStore: new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client }),
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'headers."webhook-id"',
      expiresAfterSeconds: REMEMBER_SECONDS,
      throwOnNoIdempotencyKey: true,
    }),
  });
}
