import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';

/** Who is calling the ops API, as the audit trail records it. */
export interface OpsCaller {
  /** Local mode only: the capability the caller plays (`x-ops-role`), emulating the IAM role. */
  localCapability?: string;
  /** The verified principal ARN (in AWS), or the local user name (local mode only). */
  who: string;
  /**
   * The person behind it, as far as the caller cannot choose it: the role session name of an
   * assumed role (the stack's ops roles require it to equal the source identity, which itself
   * must equal the caller's IAM user name; Identity Center sets it to the user's name), or the
   * IAM user name. `local:` + the header value in local mode.
   */
  sourceIdentity: string;
}

/** Env flag that local mode sets (local/emulators.ts) and the stack never does. */
export const LOCAL_IDENTITY_FLAG = 'OPS_LOCAL_IDENTITY';

/**
 * The caller of an ops request. In AWS the route's IAM authorizer has verified the SigV4
 * signature and API Gateway passes the caller's ARN: a request without one is refused (403),
 * whatever headers it carries (undefined here; the handler answers 403). Only in local mode (no
 * authorizer) does the `x-ops-user` header name the caller, defaulting to "local".
 */
export function opsCaller(event: APIGatewayProxyEventV2, localMode: boolean): OpsCaller | undefined {
  const iam = (event as APIGatewayProxyEventV2WithIAMAuthorizer).requestContext.authorizer?.iam;
  if (iam?.userArn) return { who: iam.userArn, sourceIdentity: sourceIdentityOf(iam.userArn) };
  if (localMode) {
    const user = event.headers['x-ops-user'] ?? 'local';
    const role = event.headers['x-ops-role'];
    return { who: user, sourceIdentity: `local:${user}`, ...(role ? { localCapability: role } : {}) };
  }
  return undefined;
}

/**
 * `arn:aws:sts::<acct>:assumed-role/<role>/<session>` → `<session>`;
 * `arn:aws:iam::<acct>:user/<path/><name>` → `<name>`; anything else → the ARN itself.
 */
export function sourceIdentityOf(arn: string): string {
  const assumed = /^arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  if (assumed?.[1]) return assumed[1];
  const user = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user?.[1]) return user[1];
  return arn;
}
