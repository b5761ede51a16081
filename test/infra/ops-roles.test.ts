import { OPS_CAPABILITIES, OPS_CAPABILITY_NAMES, type OpsCapability } from '../../shared/ops/capabilities';
import { OPS_ROUTES, splitRouteKey } from '../../shared/ops/routes';
import { synthStack } from '../support/stack';

// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
const USERNAME = '${aws:username}';
const TRUST = {
  qaReviewer: ['permission-set:QaReviewers'],
  complianceOfficer: ['arn:aws:iam::111122223333:user/compliance/carol'],
};
const { stack, template } = synthStack();
const trusted = synthStack({ opsRoleTrust: JSON.stringify(TRUST) });

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
};
type RoleResource = {
  Properties: {
    AssumeRolePolicyDocument: { Statement: Statement[] };
    Policies?: { PolicyName: string; PolicyDocument: { Statement: Statement[] } }[];
    ManagedPolicyArns?: unknown;
  };
};

function roleOf(t: typeof template, capability: OpsCapability): RoleResource {
  const id = stack.resolve(stack.opsRoles.roles[capability].roleArn)['Fn::GetAtt'][0] as string;
  return t.findResources('AWS::IAM::Role')[id] as RoleResource;
}

// An execute-api route ARN (a Fn::Join ending in stage/METHOD/path) as 'METHOD /path'.
function routesAllowed(role: RoleResource): string[] {
  const statements = (role.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement);
  for (const s of statements) expect(s).toMatchObject({ Effect: 'Allow', Action: 'execute-api:Invoke' });
  return statements
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
    .map((arn) => {
      const text = JSON.stringify(arn);
      const match = /\/\$default\/([A-Z]+)(\/[^"]*)"\]\]\}$/.exec(text);
      if (!match) throw new Error(`not a route ARN: ${text}`);
      return `${match[1]} ${match[2]}`;
    });
}
const arnRoute = (route: string) => {
  const { method, path } = splitRouteKey(route);
  return `${method} ${path.replace(/\{[^}]+\}/g, '*')}`;
};

describe('ops roles: one per capability, each refused outside its routes', () => {
  it('gives every ops route to exactly one capability', () => {
    const all = OPS_CAPABILITY_NAMES.flatMap((c) => [...OPS_CAPABILITIES[c]]);
    expect([...all].sort()).toEqual(Object.values(OPS_ROUTES).sort());
    expect(new Set(all).size).toBe(all.length);
  });

  it.each(OPS_CAPABILITY_NAMES)('N7: the %s role may invoke its own routes and no other', (capability) => {
    const role = roleOf(template, capability);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const allowed = routesAllowed(role);
    expect(allowed.sort()).toEqual(OPS_CAPABILITIES[capability].map(arnRoute).sort());
    const others = Object.values(OPS_ROUTES).filter(
      (r) => !(OPS_CAPABILITIES[capability] as readonly string[]).includes(r),
    );
    for (const other of others) {
      const { method, path } = splitRouteKey(other);
      // No allowed pattern matches another route (IAM's * matches any characters).
      const matches = allowed.some((pattern) => {
        const [m, p] = pattern.split(' ') as [string, string];
        const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        return m === method && re.test(path.replace(/\{[^}]+\}/g, 'x'));
      });
      expect({ other, matches }).toEqual({ other, matches: false });
    }
  });

  it('the QA reviewer cannot erase, export or read the audit trail; only the DPO role may erase', () => {
    expect(routesAllowed(roleOf(template, 'qaReviewer'))).not.toEqual(
      expect.arrayContaining([arnRoute(OPS_ROUTES.eraseSubject)]),
    );
    const erasers = OPS_CAPABILITY_NAMES.filter((c) =>
      routesAllowed(roleOf(template, c)).includes(arnRoute(OPS_ROUTES.eraseSubject)),
    );
    expect(erasers).toEqual(['dataProtectionOfficer']);
  });
});

describe('who may assume the ops roles (N7: a source identity the caller cannot choose)', () => {
  it('by default trusts this account’s IAM users, each only with its own user name as source identity and session', () => {
    for (const capability of OPS_CAPABILITY_NAMES) {
      expect(roleOf(template, capability).Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
          Principal: { AWS: expect.anything() },
          Condition: {
            StringEquals: { 'sts:SourceIdentity': USERNAME, 'sts:RoleSessionName': USERNAME },
          },
        },
      ]);
    }
  });

  it('trusts configured Identity Center permission sets (with a source identity) and IAM users', () => {
    const qa = roleOf(trusted.template, 'qaReviewer').Properties.AssumeRolePolicyDocument.Statement;
    expect(qa).toEqual([
      expect.objectContaining({
        Condition: {
          ArnLike: {
            'aws:PrincipalArn': {
              'Fn::Join': [
                '',
                expect.arrayContaining([
                  ':role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_QaReviewers_*',
                ]),
              ],
            },
          },
          Null: { 'sts:SourceIdentity': 'false' },
        },
      }),
    ]);
    const compliance = roleOf(trusted.template, 'complianceOfficer').Properties.AssumeRolePolicyDocument
      .Statement;
    expect(compliance).toEqual([
      expect.objectContaining({ Principal: { AWS: 'arn:aws:iam::111122223333:user/compliance/carol' } }),
    ]);
  });

  it('tells the ops function which role is which capability, for its second check', () => {
    const env = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'ops-api' } } },
    });
    const variables = (
      Object.values(env)[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } }
    ).Properties.Environment.Variables;
    const text = JSON.stringify(variables.OPS_ROLE_CAPABILITIES);
    for (const capability of OPS_CAPABILITY_NAMES) {
      const roleId = stack.resolve(stack.opsRoles.roles[capability].roleName).Ref as string;
      expect(text).toContain(`${capability}=`);
      expect(text).toContain(roleId);
    }
  });

  it('never lets the deployed ops function trust x-ops-user', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions).length).toBeGreaterThan(0);
    expect(JSON.stringify(template.toJSON())).not.toContain('OPS_LOCAL_IDENTITY');
  });
});
