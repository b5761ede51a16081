import { type Stack, Validations } from 'aws-cdk-lib';

/**
 * cdk-nag findings we accept, each with the reason. Everything else must pass
 * (test/infra/nag.test.ts fails on any unacknowledged finding).
 */
export const ACKNOWLEDGED_FINDINGS = [
  {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray PutTraceSegments/PutTelemetryRecords cannot be scoped to a resource.',
  },
  {
    id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason:
      'CDK KMS grant on the one data key (resource-scoped): encrypting items and objects needs data keys.',
  },
  {
    id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    reason: 'CDK KMS grant on the one data key (resource-scoped).',
  },
  {
    id: 'AwsSolutions-APIG4',
    reason:
      'Webhook routes are authenticated inside the function on the raw body with Standard Webhooks HMAC signatures (N17); an API Gateway authorizer cannot see the raw body.',
  },
  {
    id: 'AwsSolutions-SMG4',
    reason:
      'The signing secret is rotated by ops with a current/previous pair agreed with each platform (docs/operations.md); the pepper must not rotate, since existing pseudonyms depend on it.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::<RecordingsBucketB0C8199F.Arn>/recordings/*]',
    reason:
      'Objects are keyed recordings/<contactId>/…; functions that act on any contact (landed, sweep, holds, exports) are granted the prefix, never the bucket.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::<RecordingsBucketB0C8199F.Arn>/connect/call-recordings/*]',
    reason:
      'Amazon Connect names its call recordings itself under connect/call-recordings/; the Connect functions hand any of them over to recordings/ once a CTR names it (docs/platforms/amazon-connect.md), so the grant is the prefix.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::<RecordingsBucketB0C8199F.Arn>/holds/*]',
    reason:
      'Holds (ops API) and the retention sweep act on any held contact: objects are keyed holds/<contactId>/…, so the grant is the prefix (docs/operations.md).',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::<RecordingsBucketB0C8199F.Arn>/exports/*]',
    reason:
      'Subject-access exports are written under exports/<random id>.zip (ops API) and purged after days (retention sweep): the grant is the prefix.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::<AuditTrailBucketA91FD435.Arn>/audit/*]',
    reason:
      'The ops function appends audit entries keyed audit/<day>/<time>_<uuid>.json (new keys every time): the grant is PutObject/GetObject on the prefix; Object Lock (compliance) and the bucket policy forbid deleting or changing them.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::<AuditTrailBucketA91FD435.Arn>/audit-of/*]',
    reason:
      'Per-contact copies of audit entries, audit-of/<contactId>/…: append-only like audit/*, same grant and locks.',
  },
] as const;

/**
 * Findings acknowledged on one construct only, by path under the stack: where the finding is
 * accepted for that resource and must stay a failure everywhere else.
 */
const ACKNOWLEDGED_RESOURCE_FINDINGS = [
  {
    path: /^BucketNotificationsHandler[0-9a-f]+$/,
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's own bucket-notifications custom resource (runs at deploy time only, sees no personal data); its role is not ours to shape. Every project function writes only to its own log group (infra/constructs/app-function.ts).",
  },
  {
    // The singleton function behind every AwsCustomResource (the SMS protect configuration's account default).
    path: /^AWS679f53fac002430cb0da5b7982bd2287$/,
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's own AwsCustomResource provider (runs at deploy time only, to make the SMS protect configuration the account default; sees no personal data); its role is not ours to shape. Every project function writes only to its own log group (infra/constructs/app-function.ts).",
  },
  {
    // Only with -c connectInstanceArn (infra/constructs/connect.ts).
    path: /^Connect$/,
    id: 'AwsSolutions-KDS3',
    reason:
      'The Amazon Connect CTR stream is encrypted with our customer-managed data key on purpose, not aws/kinesis: the same key as every other copy of contact data, whose policy we control and whose use is logged (N17).',
  },
] as const;

export function applyNagSuppressions(stack: Stack): void {
  for (const finding of ACKNOWLEDGED_FINDINGS) Validations.of(stack).acknowledge({ ...finding });
  for (const { path, id, reason } of ACKNOWLEDGED_RESOURCE_FINDINGS) {
    for (const child of stack.node.children) {
      if (path.test(child.node.id)) Validations.of(child).acknowledge({ id, reason });
    }
  }
}
