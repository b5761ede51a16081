import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';

/**
 * Who is calling the ops API. In AWS the route's IAM authorizer has verified the SigV4
 * signature and API Gateway passes the caller's ARN; locally (no authorizer) the CLI sends
 * `x-ops-user`, defaulting to "local".
 */
export function opsCaller(event: APIGatewayProxyEventV2): string {
  const iam = (event as APIGatewayProxyEventV2WithIAMAuthorizer).requestContext.authorizer?.iam;
  if (iam?.userArn) return iam.userArn;
  return event.headers['x-ops-user'] ?? 'local';
}
