import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { logger } from '../kernel/observability';
import { isDependencyFailure } from './dependency-failure';

/** Errors raised by the HTTP layer itself. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Error name -> HTTP status. Anything not listed is a 503 (with Retry-After) when a dependency
 * failed for now (unreachable, throttled, timed out, ServiceUnavailable: dependency-failure.ts),
 * else a 500 whose message is not exposed (a bug).
 */
const STATUS_BY_NAME: Record<string, number> = {
  ValidationError: 400,
  InvalidPhoneNumberError: 400,
  NotFoundError: 404,
  // Recordings (shared/recordings/errors.ts): a URL off the allow-list is a bad request; N2 refusal
  // is final (422); "call not ended yet" and "already stored" are conflicts the sender can act on.
  SourceRefusedError: 400,
  RecordingRefusedError: 422,
  CallNotReadyError: 409,
  RecordingAlreadyStoredError: 409,
  // Another delivery with the same webhook-id is being processed right now: retry later.
  IdempotencyAlreadyInProgressError: 409,
  // A concurrent delivery with the same webhook-id failed and released its claim mid-check: retry.
  IdempotencyItemNotFoundError: 409,
  IdempotencyInconsistentStateError: 409,
  IdempotencyPersistenceLayerError: 503,
  // A chat message reused a sequence number that already holds a different message (kept).
  SequenceConflictError: 409,
  ConcurrentUpdateError: 503,
  StoreUnavailableError: 503,
  ThrottlingException: 503,
  ProvisionedThroughputExceededException: 503,
  RequestLimitExceeded: 503,
  ServiceUnavailable: 503,
  // Throttled downstream (SQS, S3, Lambda/KMS quotas): retryable, never a 500 (docs/deploy.md, throttling).
  RequestThrottled: 503,
  TooManyRequestsException: 503,
  SlowDown: 503,
};

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

export function errorResponse(error: unknown, requestId?: string): APIGatewayProxyResultV2 {
  const err = error instanceof Error ? error : new Error(String(error));
  const status =
    err instanceof HttpError
      ? err.statusCode
      : (STATUS_BY_NAME[err.name] ?? (isDependencyFailure(err) ? 503 : 500));
  const body: ErrorBody =
    status >= 500
      ? {
          error: {
            code: status === 503 ? 'Unavailable' : 'InternalError',
            message:
              status === 503
                ? 'the event could not be stored right now; nothing was lost, retry the delivery'
                : `internal error${requestId ? ` (request ${requestId})` : ''}`,
          },
        }
      : {
          error: {
            code: err instanceof HttpError ? err.code : err.name,
            message: err.message,
            ...('issues' in err && Array.isArray(err.issues) && err.issues.length
              ? { issues: err.issues }
              : {}),
          },
        };
  if (status >= 500) logger.error('request failed', { errorName: err.name, status, error: err });
  else logger.info('request rejected', { errorName: err.name, status });
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...(status === 503 ? { 'retry-after': '5' } : {}) },
    body: JSON.stringify(body),
  };
}

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
