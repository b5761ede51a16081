import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj, Request } from '@middy/core';
import { dynamoClient } from '../kernel/dynamo-client';

/** How long a webhook-id is remembered: far longer than any platform's retry schedule. */
const REMEMBER_SECONDS = 7 * 24 * 3600;
/** How long a duplicate waits for the delivery in progress before answering a retryable 409. */
const WAIT_FOR_FIRST_MS = 5_000;

/**
 * Deduplicates deliveries on their platform and Standard Webhooks `webhook-id`: a replay gets the first
 * delivery's response and changes nothing; a delivery whose processing failed is forgotten,
 * so the platform's retry is processed afresh.
 *
 * Concurrent duplicates get the first delivery's answer too. Powertools' middleware alone does not
 * give that: when its `before` finds another delivery IN_PROGRESS it throws
 * IdempotencyAlreadyInProgressError, middy then runs the middleware's own `onError`, and that
 * deletes the idempotency record — the record of the *other*, still running delivery (the
 * handler it keeps in `request.internal` never owned it). The next duplicate then claims the key
 * and runs the handler again (a second `created`/`unchanged`), and whichever finishes last
 * overwrites the stored answer, so a later replay gets `unchanged` instead of the first answer.
 * The wrapper below (1) never lets a delivery that did not claim the key delete it, and (2) lets a
 * duplicate wait for the delivery in progress and return its stored answer (409 only if it takes
 * longer than WAIT_FOR_FIRST_MS).
 */
export function webhookIdempotency<E, R>(
  tableName: string,
  client: DynamoDBClient = dynamoClient(),
  { waitMs = WAIT_FOR_FIRST_MS } = {},
): MiddlewareObj<E, R> {
  const inner = makeHandlerIdempotent({
    persistenceStore: new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client }),
    config: new IdempotencyConfig({
      // Per platform: two platforms may use the same ids without losing each other's events.
      eventKeyJmesPath: '[pathParameters.platform, headers."webhook-id"]',
      expiresAfterSeconds: REMEMBER_SECONDS,
      throwOnNoIdempotencyKey: true,
    }),
  }) as MiddlewareObj<E, R>;
  /** Deliveries whose `before` failed: they never claimed the key, so must not delete it. */
  const notOwners = new WeakSet<Request<E, R>>();
  return {
    before: async (request: Request<E, R>) => {
      const deadline = Date.now() + waitMs;
      for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
        try {
          return await inner.before?.(request);
        } catch (error) {
          const inProgress = (error as Error).name === 'IdempotencyAlreadyInProgressError';
          if (!inProgress || Date.now() >= deadline) {
            notOwners.add(request);
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, pause));
        }
      }
    },
    after: inner.after,
    onError: async (request: Request<E, R>) => {
      if (notOwners.has(request)) return;
      await inner.onError?.(request);
    },
  };
}
