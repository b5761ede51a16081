import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Days an audit entry is locked: the audit retention, counted generously (31-day months). */
export const auditLockDays = (auditRetentionMonths: number) => auditRetentionMonths * 31;

/**
 * The append-only audit trail (N7): a versioned bucket with S3 Object Lock in **compliance** mode
 * for the audit retention period — no principal, the account root included, can delete or
 * overwrite a locked version or shorten its lock until it expires. On top, the bucket policy
 * denies deleting objects or versions and changing retention or legal holds to everyone, and
 * writers get `s3:PutObject` only (`grantAppend`). A lifecycle rule removes entries the day after
 * their lock ends.
 */
export class AuditTrail extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: { auditRetentionMonths: number; accessLogs: IBucket }) {
    super(scope, id);
    const days = auditLockDays(props.auditRetentionMonths);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(days)),
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'audit-trail/',
      lifecycleRules: [
        { id: 'ExpireAuditEntries', expiration: Duration.days(days + 1) },
        { id: 'ExpireOldVersions', noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AppendOnly',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: [
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:PutObjectRetention',
          's3:PutObjectLegalHold',
          's3:BypassGovernanceRetention',
        ],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
  }

  /** Write new entries (never delete, never change a lock) and read them back. */
  grantAppend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [this.bucket.arnForObjects('audit/*'), this.bucket.arnForObjects('audit-of/*')],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
  }
}
