import { Match } from 'aws-cdk-lib/assertions';
import {
  EXPORT_EXPIRY_DAYS,
  FETCH_MAX_RECEIVE_COUNT,
  RECORDING_EXPIRY_DAYS,
  TRANSITION_GLACIER_IR_DAYS,
} from '../../infra/constructs/recordings';
import { synthStack } from '../support/stack';

const { stack, template } = synthStack({ recordingSourceHosts: 'recordings.acme-cc.example' });
const resolve = (value: unknown) => stack.resolve(value);
const bucketId = resolve(stack.recordings.bucket.bucketName).Ref as string;
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
type Json = Record<string, any>;
const bucket = () =>
  template.findResources('AWS::S3::Bucket')[bucketId] as {
    Properties: Json;
    DeletionPolicy: string;
  };
const rules = () => bucket().Properties.LifecycleConfiguration.Rules as Json[];
const rule = (id: string) => rules().find((r) => r.Id === id);

describe('recordings bucket', () => {
  it('N11: blocks every kind of public access and disables ACLs', () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket().Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
  });

  it('N17: refuses every request that is not TLS 1.2+', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      },
    });
  });

  it('N17: encrypts with the data key (SSE-KMS) and a bucket key', () => {
    expect(bucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: resolve(stack.storage.key.keyArn),
          },
        },
      ],
    });
  });

  it('writes server access logs to a separate, private log bucket', () => {
    const logging = bucket().Properties.LoggingConfiguration;
    expect(logging.LogFilePrefix).toBe('recordings-bucket/');
    const logBucket = template.findResources('AWS::S3::Bucket')[logging.DestinationBucketName.Ref];
    expect(logBucket?.Properties.PublicAccessBlockConfiguration.BlockPublicAcls).toBe(true);
  });

  it('has no CORS, no versioning (a deletion really deletes, N13) and is retained on stack deletion', () => {
    expect(bucket().Properties.CorsConfiguration).toBeUndefined();
    expect(bucket().Properties.VersioningConfiguration).toBeUndefined();
    expect(bucket().DeletionPolicy).toBe('Retain');
  });
});

describe('recordings lifecycle rules', () => {
  it('N13: expires recordings/ a week after the longest 12-month period, as a backstop to the sweep', () => {
    expect(RECORDING_EXPIRY_DAYS).toBe(373);
    expect(rule('ExpireRecordingsBackstop')).toEqual({
      Id: 'ExpireRecordingsBackstop',
      Prefix: 'recordings/',
      ExpirationInDays: RECORDING_EXPIRY_DAYS,
      Status: 'Enabled',
    });
  });

  it('moves recordings over 128 KB to Glacier Instant Retrieval at the first lifecycle run (cost: docs/cost.md)', () => {
    expect(rule('RecordingsToColderStorage')).toEqual({
      Id: 'RecordingsToColderStorage',
      Prefix: 'recordings/',
      ObjectSizeGreaterThan: String(128 * 1024),
      Status: 'Enabled',
      Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 0 }],
    });
    expect(TRANSITION_GLACIER_IR_DAYS).toBe(0);
    // GIR's 90-day minimum storage duration is met long before the shortest 12-month expiry (365 days).
    expect(365 - TRANSITION_GLACIER_IR_DAYS).toBeGreaterThanOrEqual(90);
  });

  it('keeps every recording in an instant-access class: no restore step before ops can play one', () => {
    const transitions = (rule('RecordingsToColderStorage')?.Transitions ?? []) as { StorageClass: string }[];
    const classes = transitions.map((t) => t.StorageClass);
    expect(classes.length).toBeGreaterThan(0);
    expect(classes.every((c) => ['STANDARD_IA', 'GLACIER_IR', 'INTELLIGENT_TIERING'].includes(c))).toBe(true);
  });

  it('aborts incomplete multipart uploads after 1 day', () => {
    expect(rule('AbortIncompleteUploads')).toEqual({
      Id: 'AbortIncompleteUploads',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      Status: 'Enabled',
    });
  });

  it('expires exports/ within days', () => {
    expect(rule('ExpireExports')).toMatchObject({ Prefix: 'exports/', ExpirationInDays: EXPORT_EXPIRY_DAYS });
    expect(EXPORT_EXPIRY_DAYS).toBeLessThanOrEqual(7);
  });

  it('N9: no rule expires or moves objects under holds/ (every expiring rule names another prefix)', () => {
    for (const r of rules()) {
      const acts = r.ExpirationInDays !== undefined || r.Transitions !== undefined;
      if (acts) expect(['recordings/', 'exports/']).toContain(r.Prefix);
      expect(String(r.Prefix ?? '')).not.toMatch(/^holds/);
    }
  });
});

describe('recording fetch queue and functions', () => {
  it('encrypts the fetch queue with the data key and dead-letters a job after 8 failures', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: resolve(stack.storage.key.keyArn),
      RedrivePolicy: {
        deadLetterTargetArn: resolve(stack.recordings.fetchDeadLetters.queueArn),
        maxReceiveCount: FETCH_MAX_RECEIVE_COUNT,
      },
      VisibilityTimeout: 6 * 15 * 60, // 6 × the function timeout (was 30 min before issue 13)
    });
  });

  it('feeds the fetch function one job at a time and reports failed items for backoff', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: resolve(stack.recordings.fetchQueue.queueArn),
      FunctionName: resolve(stack.recordings.fetch.functionName),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('gives the fetch function the allow-list and no trusted local endpoint', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          RECORDING_SOURCE_HOSTS: 'recordings.acme-cc.example',
          RECORDING_TRUSTED_LOCAL_ENDPOINTS: Match.absent(),
          RECORDING_FETCH_QUEUE_URL: resolve(stack.recordings.fetchQueue.queueUrl),
        }),
      },
    });
  });

  it('notifies the landed function of objects created under recordings/ only', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: bucketId },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'recordings/' }] } },
            LambdaFunctionArn: resolve(stack.recordings.landed.functionArn),
          },
        ],
      },
    });
  });

  it('N17: grants object actions on recordings/ only: put for fetch and upload URL, get/delete for landed (plus holds/ for N9)', () => {
    const objects = resolve(stack.recordings.bucket.arnForObjects('recordings/*'));
    const policyOf = (fn: { role?: unknown }) => {
      const roleRef = resolve((fn.role as { roleName: string }).roleName);
      return Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
        JSON.stringify(p.Properties.Roles).includes(JSON.stringify(roleRef)),
      )?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    };
    const s3Statements = (fn: { role?: unknown }) =>
      policyOf(fn).filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3Statements(stack.recordings.fetch)).toEqual([
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: objects },
    ]);
    expect(s3Statements(stack.recordings.landed)).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: objects },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: resolve(stack.recordings.bucket.arnForObjects('holds/*')),
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: resolve(stack.recordings.bucket.bucketArn),
        Condition: { StringLike: { 's3:prefix': ['recordings/*', 'holds/*'] } },
      },
    ]);
    expect(s3Statements(stack.recordings.uploadUrl)).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: objects },
    ]);
  });

  it('lets the call webhook enqueue fetch jobs and routes the signed upload-URL request', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          RECORDING_FETCH_QUEUE_URL: resolve(stack.recordings.fetchQueue.queueUrl),
          PEPPER_SECRET_ID: Match.anyValue(),
        }),
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /webhooks/{platform}/calls/recording-upload-url',
    });
  });
});
