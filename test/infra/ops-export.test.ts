import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { EXPORT_MAX_RECEIVE_COUNT } from '../../infra/constructs/ops';
import { synthStack } from '../support/stack';

describe('subject export infrastructure (N16)', () => {
  const { stack, template } = synthStack();
  const resolve = (value: unknown) => Stack.of(stack).resolve(value);
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const exporterId = logicalId(stack.ops.exporter);
  const statementsOf = (fn: { role?: unknown }) => {
    const roleRef = resolve((fn.role as { roleName: string }).roleName);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(JSON.stringify(roleRef)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
  };
  const objects = (prefix: string) => resolve(stack.recordings.bucket.arnForObjects(prefix));

  it('runs the export in its own function for up to 15 minutes, fed one job at a time by its queue', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      MemorySize: 1024,
      // ZIP64: the cap is what one multipart upload holds (10,000 parts of 5 MiB), no longer 4 GiB.
      Environment: { Variables: Match.objectLike({ EXPORT_MAX_BYTES: String(10_000 * 5 * 1024 * 1024) }) },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: exporterId },
      EventSourceArn: resolve(stack.ops.exportQueue.queueArn),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('keeps jobs on a KMS-encrypted queue that hides a message longer than a run and parks it after 2 tries', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: resolve(stack.storage.key.keyArn),
      VisibilityTimeout: 6 * 15 * 60, // 6 × the function timeout (was 1200 before issue 13)
      RedrivePolicy: {
        deadLetterTargetArn: resolve(stack.ops.exportDeadLetters.queueArn),
        maxReceiveCount: EXPORT_MAX_RECEIVE_COUNT,
      },
    });
  });

  it('N17: the export function reads contacts and objects, writes only exports/, deletes nothing, needs no pepper', () => {
    const statements = statementsOf(stack.ops.exporter);
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: resolve(stack.recordings.bucket.bucketArn),
        Condition: { StringLike: { 's3:prefix': ['recordings/*', 'holds/*'] } },
      },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: [objects('recordings/*'), objects('holds/*')] },
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: objects('exports/*'),
      },
    ]);
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo.map((s) => s.Action)).toEqual([
      ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    ]);
    const text = JSON.stringify(statements);
    expect(text).not.toMatch(
      /s3:Delete|dynamodb:Delete|dynamodb:BatchWrite|dynamodb:Scan|dynamodb:PutItem|secretsmanager/,
    );
  });

  it('lets the ops API queue exports and presign finished ones, but not write to exports/', () => {
    const statements = statementsOf(stack.ops.api);
    expect(statements).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 's3:GetObject', Resource: objects('exports/*') },
        expect.objectContaining({
          Action: expect.arrayContaining(['sqs:SendMessage']),
          Resource: resolve(stack.ops.exportQueue.queueArn),
        }),
      ]),
    );
    const exportsWrites = statements.filter(
      (s) => JSON.stringify(s.Resource).includes('/exports/*') && JSON.stringify(s.Action).includes('Put'),
    );
    expect(exportsWrites).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ EXPORT_QUEUE_URL: resolve(stack.ops.exportQueue.queueUrl) }),
      },
    });
  });

  it('N11, N13: exposes GET /ops/exports/{id} behind IAM and lets the bucket expire exports/ within 3 days', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /ops/exports/{id}',
      AuthorizationType: 'AWS_IAM',
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'exports/', ExpirationInDays: 3, Status: 'Enabled' }),
        ]),
      },
    });
  });
});
