import { CONNECT_CHAT_TRANSCRIPTS_PREFIX } from '../../infra/constructs/connect';
import { TRANSCRIPT_LEFTOVER_DAYS } from '../../infra/constructs/connect-transcripts';
import { CHAT_TRANSCRIPTS_PREFIX } from '../../shared/connect/transcript';
import { synthStack } from '../support/stack';
import { CONNECT_CONTEXT } from './connect-context';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
type Json = Record<string, any>;

const { stack, template } = synthStack(CONNECT_CONTEXT);
const resolve = (value: unknown) => stack.resolve(value);
const transcripts = stack.connectTranscripts;
const idOf = (arn: unknown) => resolve(arn)['Fn::GetAtt'][0] as string;
const keyId = idOf(stack.storage.key.keyArn);
const bucketId = resolve(stack.recordings.bucket.bucketName).Ref as string;
const tableArn = resolve(stack.storage.contacts.tableArn);
const statementsOf = (fn: { role?: unknown }): Json[] => {
  const roleRef = resolve((fn.role as { roleName: string }).roleName);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify((p as Json).Properties.Roles).includes(JSON.stringify(roleRef)))
    .flatMap((p) => (p as Json).Properties.PolicyDocument.Statement as Json[]);
};
const alarmsOn = (dimension: string) =>
  (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Json[]).filter((alarm) =>
    JSON.stringify(alarm.Properties.Dimensions ?? []).includes(dimension),
  );

describe('Connect chat transcripts (infra/constructs/connect-transcripts.ts)', () => {
  it('exists with -c connectInstanceArn and reads where Connect writes chat transcripts', () => {
    expect(transcripts).toBeDefined();
    expect(CHAT_TRANSCRIPTS_PREFIX).toBe(`${CONNECT_CHAT_TRANSCRIPTS_PREFIX}/`);
  });

  it('N13: a transcript that could not be stored is deleted when its dead letter expires, not a year later', () => {
    const rules = (template.findResources('AWS::S3::Bucket')[bucketId] as Json).Properties
      .LifecycleConfiguration.Rules as Json[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'ExpireConnectTranscriptLeftovers',
        Prefix: CHAT_TRANSCRIPTS_PREFIX,
        ExpirationInDays: TRANSCRIPT_LEFTOVER_DAYS,
        Status: 'Enabled',
      }),
    );
    const deadLetters = template.findResources('AWS::SQS::Queue')[
      idOf(transcripts?.deadLetters.queueArn)
    ] as Json;
    expect(deadLetters.Properties.MessageRetentionPeriod).toBe(TRANSCRIPT_LEFTOVER_DAYS * 86_400);
  });

  it('notifies the transcript function of objects created under connect/chat-transcripts/ only', () => {
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications')) as Json[];
    const configs = notifications
      .filter((n) => JSON.stringify(n.Properties.BucketName) === JSON.stringify({ Ref: bucketId }))
      .flatMap((n) => n.Properties.NotificationConfiguration.LambdaFunctionConfigurations as Json[]);
    expect(configs).toContainEqual({
      Events: ['s3:ObjectCreated:*'],
      Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'connect/chat-transcripts/' }] } },
      LambdaFunctionArn: resolve(transcripts?.transcript.functionArn),
    });
  });

  it('N17: least privilege: get and delete transcripts only, list that prefix, write chats, read the pepper', () => {
    const statements = statementsOf(transcripts?.transcript as never);
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:DeleteObject'],
        Resource: resolve(stack.recordings.bucket.arnForObjects('connect/chat-transcripts/*')),
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: resolve(stack.recordings.bucket.bucketArn),
        Condition: { StringLike: { 's3:prefix': ['connect/chat-transcripts/*'] } },
      },
    ]);
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        Resource: tableArn,
      },
    ]);
    const queue = resolve(transcripts?.deadLetters.queueArn);
    const sqs = statements.filter((s) => JSON.stringify(s.Action).includes('sqs:'));
    expect(sqs.map((s) => s.Resource)).toEqual([queue]);
    expect(sqs.flatMap((s) => s.Action)).toEqual([
      'sqs:SendMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
    ]);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[]);
    expect(actions.filter((a) => /^(dynamodb:(Delete|Scan|BatchWrite)|s3:PutObject|sns:)/.test(a))).toEqual(
      [],
    );
    expect(actions).toContain('secretsmanager:GetSecretValue');
  });

  it('sends failed asynchronous events to an encrypted on-failure queue after two retries, alarmed', () => {
    const queueId = idOf(transcripts?.deadLetters.queueArn);
    const functionId = idOf(transcripts?.transcript.functionArn);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    expect((template.findResources('AWS::SQS::Queue')[queueId] as Json).Properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [keyId, 'Arn'],
    });
    expect(alarmsOn(`"Fn::GetAtt":["${queueId}","QueueName"]`)).toHaveLength(1);
    expect(
      alarmsOn(`"Ref":"${functionId}"`).filter((alarm) => alarm.Properties.MetricName === 'Errors'),
    ).toHaveLength(1);
  });

  it('N13: gives both Connect functions the chat retention; the CTR function may write chats', () => {
    const retention = '12';
    for (const fn of [transcripts?.transcript, stack.connect?.ctr]) {
      const id = idOf(fn?.functionArn);
      const env = (template.findResources('AWS::Lambda::Function')[id] as Json).Properties.Environment
        .Variables;
      expect(env.CHAT_RETENTION_MONTHS).toBe(retention);
    }
    const ctrDynamo = statementsOf(stack.connect?.ctr as never)
      .filter((s) => JSON.stringify(s.Action).includes('dynamodb:'))
      .flatMap((s) => s.Action as string[]);
    // PutItem: the CTR function also writes recording link items (shared/connect/recording-links.ts).
    expect([...new Set(ctrDynamo)].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it('lists its dead-letter queue for the ops API (dlq list and redrive)', () => {
    const ops = (template.findResources('AWS::Lambda::Function')[idOf(stack.ops.api.functionArn)] as Json)
      .Properties.Environment.Variables.DEAD_LETTER_QUEUES;
    expect(JSON.stringify(ops)).toContain('connect-transcript');
  });
});

describe('without -c connectInstanceArn', () => {
  it('creates no transcript function', () => {
    const { stack: plain, template: plainTemplate } = synthStack();
    expect(plain.connectTranscripts).toBeUndefined();
    expect(JSON.stringify(plainTemplate.toJSON())).not.toContain('connect-transcript');
  });
});
