import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from './observability';

export interface BundleOptions<E, R> {
  /**
   * Used before the observability middleware, so their `before` runs first and their
   * `after`/`onError` run last, once the logger, metrics and tracer are done (e.g. an HTTP
   * error mapper that turns any error into a response).
   */
  outer?: MiddlewareObj<E, R>[];
  /** Used after the observability middleware, in order, right before the handler. */
  inner?: MiddlewareObj<E, R>[];
}

/**
 * The one middy chain every function uses, whatever triggers it (HTTP, SQS, S3, SNS, schedule):
 * the logger gets the Lambda context (keys reset per invocation), metrics are flushed after
 * each invocation, and the invocation is traced (the response is not recorded: it may carry
 * personal data, N17). The handler comes last.
 */
export function lambdaBundle<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  options: BundleOptions<E, R> = {},
) {
  const chain = middy<E, R>();
  for (const middleware of options.outer ?? []) chain.use(middleware);
  chain
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(captureLambdaHandler(tracer, { captureResponse: false }));
  for (const middleware of options.inner ?? []) chain.use(middleware);
  return chain.handler(handler);
}
