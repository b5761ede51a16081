/**
 * Is this error a dependency that failed for now (retry later: 503), rather than a bug (500)?
 * Looks at the error and its `cause` chain, since adapters and libraries wrap SDK errors
 * (Powertools' GetParameterError keeps the SDK error as its cause).
 */

/** AWS error codes that mean "the service is busy, throttled or down right now". */
const TRANSIENT_NAMES = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'InternalServerErrorException',
  'InternalServiceError',
  'InternalServiceErrorException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  // KMS behind another service: its throttling surfaces under these names.
  'KMSThrottlingException',
  'KmsThrottled',
  'KMSInternalException',
  // SDK and socket timeouts.
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Node socket and DNS errors: the service could not be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The SDK's retry layer re-wraps a non-Error throwable (e.g. a socket error from another realm)
 * as `AWS SDK error wrapper for …`, keeping only the message; match the codes there too.
 */
const NETWORK_MESSAGE = new RegExp(`\\b(${[...NETWORK_CODES, 'TimeoutError'].join('|')})\\b`);

interface AwsLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function isDependencyFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    const e = current as AwsLike;
    if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (e.$fault === 'server' || e.$retryable) return true;
    if (e.$metadata && typeof e.message === 'string' && NETWORK_MESSAGE.test(e.message)) return true;
    const status = e.$metadata?.httpStatusCode;
    if (typeof status === 'number' && TRANSIENT_STATUS.has(status)) return true;
    current = e.cause;
  }
  return false;
}
