import { auditLockDays } from '../../infra/constructs/audit-trail';
import { synthStack } from '../support/stack';

const { stack, template } = synthStack();
const resolve = (value: unknown) => stack.resolve(value);
type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown };
const bucketId = () => resolve(stack.auditTrail.bucket.bucketName).Ref as string;

describe('audit trail (N7: append-only, nobody can rewrite it)', () => {
  it('locks every entry in compliance mode for the audit retention period', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId()] as {
      Properties: Record<string, unknown>;
    };
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: auditLockDays(24) } },
    });
  });

  it('denies deleting entries or changing their locks to every principal', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) =>
        JSON.stringify((p as { Properties: { Bucket: unknown } }).Properties.Bucket) ===
        JSON.stringify({ Ref: bucketId() }),
    ) as { Properties: { PolicyDocument: { Statement: Statement[] } } };
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: expect.arrayContaining([
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:PutObjectRetention',
          's3:PutObjectLegalHold',
          's3:BypassGovernanceRetention',
        ]),
      }),
    );
  });

  it('lets no function delete from or re-lock the trail; only the ops function appends to it', () => {
    const bucketRef = bucketId();
    const touching = Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, p]) =>
      (
        p as { Properties: { PolicyDocument: { Statement: Statement[] } } }
      ).Properties.PolicyDocument.Statement.filter((s) =>
        JSON.stringify(s.Resource ?? '').includes(bucketRef),
      ).map((s) => ({ id, actions: Array.isArray(s.Action) ? s.Action : [s.Action] })),
    );
    expect(touching.length).toBeGreaterThan(0);
    for (const { id, actions } of touching) {
      expect(id).toMatch(/^OpsOpsApiServiceRoleDefaultPolicy/);
      for (const action of actions)
        expect(['s3:PutObject', 's3:GetObject', 's3:ListBucket']).toContain(action);
    }
  });
});
