import type { MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { lambdaBundle } from '../kernel/lambda-bundle';
import { errorResponse } from './errors';

type Result = APIGatewayProxyResultV2;

/** Maps any thrown error to a response (see errors.ts). Used outermost so its onError runs last. */
const errorMapper = <E>(): MiddlewareObj<E, Result> => ({
  onError: async (request) => {
    request.response = errorResponse(request.error, request.context.awsRequestId);
  },
});

/**
 * The one middleware stack every HTTP function uses: the base bundle (observability) wrapped in
 * error mapping, then header normalisation and the function's own middleware (e.g. signature
 * checks), handler last.
 */
export function httpBundle<E extends APIGatewayProxyEventV2>(
  handler: (event: E, context: Context) => Promise<Result>,
  ...extra: MiddlewareObj<E, Result>[]
) {
  return lambdaBundle<E, Result>(handler, {
    outer: [errorMapper<E>()],
    inner: [httpHeaderNormalizer() as MiddlewareObj<E, Result>, ...extra],
  });
}
