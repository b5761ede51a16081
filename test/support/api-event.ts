import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A minimal API Gateway HTTP API (v2) event, for calling a handler directly. */
export function apiEvent(
  routeKey: string,
  {
    body,
    headers = {},
    pathParameters,
  }: { body?: string; headers?: Record<string, string>; pathParameters?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  // As API Gateway fills `{platform}` of /webhooks/{platform}/… from the path.
  const platform = /^\/webhooks\/([^/]+)\//.exec(path)?.[1];
  pathParameters ??= platform ? { platform } : undefined;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers,
    pathParameters,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'test',
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}
