import { errorResponse } from '../../../shared/http/errors';

const named = (name: string) => Object.assign(new Error('throttled'), { name });

describe('webhook answers under throttling', () => {
  it.each([
    'ThrottlingException',
    'ProvisionedThroughputExceededException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'TooManyRequestsException',
    'SlowDown',
  ])('a throttled downstream (%s) is a retryable 503 with retry-after, never a 500', (name) => {
    const response = errorResponse(named(name)) as { statusCode: number; headers: Record<string, string> };
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });
});
