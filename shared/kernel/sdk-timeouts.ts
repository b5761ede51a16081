/**
 * How long an AWS SDK client waits before it gives up on a request, so a hung connection fails
 * fast and is retried by the SDK (3 attempts) instead of holding the function until its own
 * timeout: a webhook then answers 503 with Retry-After, and the platform tries again
 * (shared/http/dependency-failure.ts).
 *
 * Small JSON APIs (DynamoDB, SQS, SNS, Secrets Manager, Connect): 1 s to connect, 2 s for the whole
 * request (their answers take milliseconds). Three attempts of that, with the SDK's backoff, end
 * well inside the webhooks' 10 s timeout, so the handler still answers. `throwOnRequestTimeout` makes the
 * request timeout an error; without it the SDK only logs a warning and keeps waiting.
 */
export const API_CALL_TIMEOUTS = {
  connectionTimeout: 1_000,
  requestTimeout: 2_000,
  throwOnRequestTimeout: true,
} as const;

/**
 * S3 moves whole recordings and export bundles, so no limit on the whole request: 1 s to connect
 * and 30 s without a byte on the socket.
 */
export const OBJECT_TRANSFER_TIMEOUTS = {
  connectionTimeout: 1_000,
  socketTimeout: 30_000,
} as const;
