import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { logger, metrics, tracer } from '../kernel/observability';
import { errorResponse } from './errors';

type Result = APIGatewayProxyResultV2;

/** Maps any thrown error to a response (see errors.ts). Used first so its onError runs last. */
const errorMapper = <E>(): MiddlewareObj<E, Result> => ({
  onError: async (request) => {
    request.response = errorResponse(request.error, request.context.awsRequestId);
  },
});

/**
 * The one middleware stack every HTTP function uses: observability, header normalisation,
 * error mapping, then the function's own middleware (e.g. signature checks), handler last.
 */
export function httpBundle<E extends APIGatewayProxyEventV2>(
  handler: (event: E, context: Context) => Promise<Result>,
  ...extra: MiddlewareObj<E, Result>[]
) {
  const chain = middy<E, Result>()
    .use(errorMapper<E>())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(httpHeaderNormalizer() as MiddlewareObj<E, Result>);
  for (const middleware of extra) chain.use(middleware);
  return chain.handler(handler);
}
