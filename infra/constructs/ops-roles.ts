import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AccountPrincipal,
  ArnPrincipal,
  type CfnRole,
  type IPrincipal,
  PolicyDocument,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OPS_CAPABILITIES, OPS_CAPABILITY_NAMES, type OpsCapability } from '../../shared/ops/capabilities';
import { splitRouteKey } from '../../shared/ops/routes';

/**
 * Who may assume an ops role (infra/config.ts `opsRoleTrust`): a 12-digit account id (its IAM
 * users), an IAM user ARN, or `permission-set:<name>` (an IAM Identity Center permission set of
 * this account).
 */
export type OpsTrust = Partial<Record<OpsCapability, readonly string[]>>;

/** `/ops/contacts/{id}` → `/ops/contacts/*` (execute-api ARNs name path parameters as wildcards). */
const executeApiPath = (path: string) => path.replace(/\{[^}]+\}/g, '*');

/**
 * One IAM role per ops capability (shared/ops/capabilities.ts), each allowed `execute-api:Invoke`
 * on its own routes only. Assuming one requires a source identity the caller cannot choose
 * freely: an IAM user must set `sts:SourceIdentity` and the role session name to its own user
 * name (so the principal ARN the audit trail records names the person); an Identity Center
 * permission set's role must set a source identity (its sessions carry the user's name).
 */
export class OpsRoles extends Construct {
  readonly roles: Record<OpsCapability, Role>;

  /** `qaReviewer=<role name>,…` for the ops function's second capability check. */
  capabilityMap(): string {
    return capabilityMapOf(this.roles);
  }

  constructor(scope: Construct, id: string, props: { httpApi: HttpApi; trust: OpsTrust }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.roles = Object.fromEntries(
      OPS_CAPABILITY_NAMES.map((capability) => {
        const trusted = props.trust[capability] ?? [stack.account];
        const role = new Role(this, roleId(capability), {
          description: `contact-recordings ops: ${capability} (${OPS_CAPABILITIES[capability].join(', ')})`,
          // Replaced below by the trust statements, one per trusted entry (each with its conditions).
          assumedBy: new AccountPrincipal(stack.account),
          inlinePolicies: {
            Invoke: new PolicyDocument({
              statements: [
                new PolicyStatement({
                  actions: ['execute-api:Invoke'],
                  resources: OPS_CAPABILITIES[capability].map((route) => {
                    const { method, path } = splitRouteKey(route);
                    return props.httpApi.arnForExecuteApi(method, executeApiPath(path), STAGE);
                  }),
                }),
              ],
            }),
          },
        });
        (role.node.defaultChild as CfnRole).assumeRolePolicyDocument = new PolicyDocument({
          statements: trusted.map((entry) => {
            const { principal, conditions } = trustOf(stack, entry);
            return new PolicyStatement({
              actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
              principals: [principal],
              conditions,
            });
          }),
        });
        acknowledgePathParameters(stack, role, props.httpApi, capability);
        return [capability, role];
      }),
    ) as Record<OpsCapability, Role>;
  }
}

/** The HTTP API's only stage (no stage wildcard in the role policies). */
const STAGE = '$default';

/**
 * A route with a path parameter (`{id}`) can only be named with a wildcard in its segment: each
 * such resource is acknowledged on its own role, by its exact ARN, so any other wildcard fails.
 */
function acknowledgePathParameters(
  stack: Stack,
  role: Role,
  httpApi: HttpApi,
  capability: OpsCapability,
): void {
  const apiId = stack.getLogicalId(httpApi.node.defaultChild as CfnElement);
  for (const route of OPS_CAPABILITIES[capability]) {
    const { method, path } = splitRouteKey(route);
    if (!path.includes('{')) continue;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${stack.region}:<AWS::AccountId>:<${apiId}>/${STAGE}/${method}${executeApiPath(path)}]`,
      reason: `${route}: the {id} path parameter is a wildcard segment in an execute-api ARN; the method and the rest of the path are fixed.`,
    });
  }
}

/** For the ops function: `qaReviewer=<role name>,…` (shared/ops/capabilities.ts parseRoleCapabilities). */
function capabilityMapOf(roles: Record<OpsCapability, Role>): string {
  return OPS_CAPABILITY_NAMES.map((capability) => `${capability}=${roles[capability].roleName}`).join(',');
}

const roleId = (capability: OpsCapability) => `${capability[0]?.toUpperCase()}${capability.slice(1)}`;

/** An IAM user may act only as itself: source identity and session name are its user name. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
const USERNAME = '${aws:username}';
const AS_ITSELF = {
  StringEquals: { 'sts:SourceIdentity': USERNAME, 'sts:RoleSessionName': USERNAME },
};

function trustOf(
  stack: Stack,
  entry: string,
): { principal: IPrincipal; conditions: Record<string, unknown> } {
  if (/^\d{12}$/.test(entry) || entry === stack.account) {
    return { principal: new AccountPrincipal(entry), conditions: AS_ITSELF };
  }
  if (entry.startsWith('permission-set:')) {
    const name = entry.slice('permission-set:'.length);
    return {
      principal: new AccountPrincipal(stack.account),
      conditions: {
        ArnLike: {
          'aws:PrincipalArn': `arn:${stack.partition}:iam::${stack.account}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${name}_*`,
        },
        Null: { 'sts:SourceIdentity': 'false' },
      },
    };
  }
  return { principal: new ArnPrincipal(entry), conditions: AS_ITSELF };
}
