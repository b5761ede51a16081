import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnInstanceStorageConfig } from 'aws-cdk-lib/aws-connect';
import { buildApp } from '../../infra/app';
import { parseContext } from '../../infra/config';
import {
  CONNECT_CALL_RECORDINGS_PREFIX,
  CONNECT_CHAT_TRANSCRIPTS_PREFIX,
  CONTACT_LENS_PREFIX,
  CTR_STREAM_RETENTION_HOURS,
} from '../../infra/constructs/connect';
import { RECORDING_EXPIRY_DAYS } from '../../infra/constructs/recordings';
import { CTR_STREAM_SETTINGS } from '../../shared/connect/env';
import { CONNECT_ORPHAN_DAYS } from '../../shared/connect/recording-match';
import { CONNECT_PREFIX, RECORDINGS_PREFIX } from '../../shared/kernel/object-keys';
import { synthStack, synthStackWith, testApp } from '../support/stack';
import { CONNECT_CONTEXT, CONNECT_INSTANCE_ARN } from './connect-context';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
type Json = Record<string, any>;

const { stack, template } = synthStack(CONNECT_CONTEXT);
const resolve = (value: unknown) => stack.resolve(value);
const keyId = resolve(stack.storage.key.keyArn)['Fn::GetAtt'][0] as string;
const bucketId = resolve(stack.recordings.bucket.bucketName).Ref as string;
const storageConfig = (resourceType: string) => {
  const configs = Object.values(template.findResources('AWS::Connect::InstanceStorageConfig')).filter(
    (resource) => (resource as Json).Properties.ResourceType === resourceType,
  );
  expect(configs).toHaveLength(1);
  return (configs[0] as Json).Properties as Json;
};
const rules = () =>
  (template.findResources('AWS::S3::Bucket')[bucketId] as Json).Properties.LifecycleConfiguration
    .Rules as Json[];

describe('Amazon Connect wiring (-c connectInstanceArn, infra/constructs/connect.ts)', () => {
  it('N17: synthesises in Frankfurt with no unacknowledged cdk-nag findings', () => {
    expect(() => synthStack(CONNECT_CONTEXT)).not.toThrow();
    expect(resolve(stack.region)).toBe('eu-central-1');
  });

  it('creates the CTR stream, encrypted with our data key, kept one day', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: {
        EncryptionType: 'KMS',
        KeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
      RetentionPeriodHours: CTR_STREAM_RETENTION_HOURS,
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    });
  });

  it('points CONTACT_TRACE_RECORDS at that stream', () => {
    const streamId = resolve(stack.connect?.stream.streamArn)['Fn::GetAtt'][0] as string;
    expect(storageConfig('CONTACT_TRACE_RECORDS')).toEqual({
      InstanceArn: CONNECT_INSTANCE_ARN,
      ResourceType: 'CONTACT_TRACE_RECORDS',
      StorageType: 'KINESIS_STREAM',
      KinesisStreamConfig: { StreamArn: { 'Fn::GetAtt': [streamId, 'Arn'] } },
    });
  });

  it.each([
    ['CALL_RECORDINGS', CONNECT_CALL_RECORDINGS_PREFIX],
    ['CHAT_TRANSCRIPTS', CONNECT_CHAT_TRANSCRIPTS_PREFIX],
  ])('writes %s to our recordings bucket under connect/, encrypted with our key', (resourceType, prefix) => {
    expect(prefix.startsWith(CONNECT_PREFIX)).toBe(true);
    expect(storageConfig(resourceType)).toEqual({
      InstanceArn: CONNECT_INSTANCE_ARN,
      ResourceType: resourceType,
      StorageType: 'S3',
      S3Config: {
        BucketName: { Ref: bucketId },
        BucketPrefix: prefix,
        EncryptionConfig: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      },
    });
  });

  it('N13: connect/ has the same lifecycle expiry backstop as recordings/', () => {
    const expiryOf = (prefix: string) =>
      rules().filter((rule) => rule.Prefix === prefix && rule.ExpirationInDays !== undefined);
    const recordings = expiryOf(RECORDINGS_PREFIX);
    expect(recordings).toHaveLength(1);
    expect(expiryOf(CONNECT_PREFIX)).toEqual([
      {
        Id: 'ExpireConnectBackstop',
        Prefix: CONNECT_PREFIX,
        ExpirationInDays: RECORDING_EXPIRY_DAYS,
        Status: 'Enabled',
      },
    ]);
    expect(recordings[0]?.ExpirationInDays).toBe(RECORDING_EXPIRY_DAYS);
  });

  it('lets the Connect service use our key only for this instance in this account', () => {
    const key = template.findResources('AWS::KMS::Key')[keyId] as Json;
    const statements = key.Properties.KeyPolicy.Statement as Json[];
    expect(statements.filter((s) => JSON.stringify(s.Principal).includes('connect.amazonaws.com'))).toEqual([
      {
        Sid: 'AmazonConnectInstanceStorage',
        Effect: 'Allow',
        Principal: { Service: 'connect.amazonaws.com' },
        Action: expect.arrayContaining([
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
        ]),
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnEquals: { 'aws:SourceArn': CONNECT_INSTANCE_ARN },
        },
      },
    ]);
    const connectStatement = statements.find((s) => s.Sid === 'AmazonConnectInstanceStorage');
    expect(connectStatement?.Action).toHaveLength(4);
  });
});

describe('the CTR function (functions/connect-ctr.ts)', () => {
  it('reads the stream with partial batch responses, bisect, bounded retries and an on-failure queue', () => {
    const streamId = resolve(stack.connect?.stream.streamArn)['Fn::GetAtt'][0] as string;
    const functionId = resolve(stack.connect?.ctr.functionArn)['Fn::GetAtt'][0] as string;
    const failuresId = resolve(stack.connect?.ctrFailures.queueArn)['Fn::GetAtt'][0] as string;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [streamId, 'Arn'] },
      FunctionName: { Ref: functionId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: CTR_STREAM_SETTINGS.retryAttempts,
      BatchSize: CTR_STREAM_SETTINGS.batchSize,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failuresId, 'Arn'] } } },
    });
    expect(CTR_STREAM_SETTINGS.retryAttempts).toBeGreaterThan(0);
    expect(CTR_STREAM_SETTINGS.retryAttempts).toBeLessThanOrEqual(5);
  });

  it('is monitored like every function: an error alarm on it', () => {
    const functionId = resolve(stack.connect?.ctr.functionArn)['Fn::GetAtt'][0] as string;
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Json[];
    const onCtr = alarms.filter(
      (alarm) =>
        alarm.Properties.MetricName === 'Errors' &&
        JSON.stringify(alarm.Properties.Dimensions ?? []).includes(`"Ref":"${functionId}"`),
    );
    expect(onCtr).toHaveLength(1);
  });

  it('N10: schedules surveys as the call webhook does: the same policy settings and the survey queue', () => {
    const functionId = resolve(stack.connect?.ctr.functionArn)['Fn::GetAtt'][0] as string;
    const variables = (template.findResources('AWS::Lambda::Function')[functionId] as Json).Properties
      .Environment.Variables as Json;
    const webhookId = resolve(stack.ingest.callEvents.functionArn)['Fn::GetAtt'][0] as string;
    const webhookVariables = (template.findResources('AWS::Lambda::Function')[webhookId] as Json).Properties
      .Environment.Variables as Json;
    for (const [name, value] of Object.entries(webhookVariables).filter(([name]) =>
      name.startsWith('SURVEY_'),
    )) {
      expect(variables[name]).toEqual(value);
    }
    expect(variables.SURVEY_QUEUE_URL).toEqual(resolve(stack.surveys.queue.queueUrl));
    const queueId = resolve(stack.surveys.queue.queueArn)['Fn::GetAtt'][0] as string;
    const roleRef = resolve(stack.connect?.ctr.role?.roleName);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify((policy as Json).Properties.Roles).includes(JSON.stringify(roleRef)))
      .flatMap((policy) => (policy as Json).Properties.PolicyDocument.Statement as Json[]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      }),
    );
  });

  it('the on-failure queue is encrypted with our key', () => {
    const failuresId = resolve(stack.connect?.ctrFailures.queueArn)['Fn::GetAtt'][0] as string;
    expect((template.findResources('AWS::SQS::Queue')[failuresId] as Json).Properties.KmsMasterKeyId).toEqual(
      {
        'Fn::GetAtt': [keyId, 'Arn'],
      },
    );
  });
});

describe('call recordings under connect/call-recordings/ (functions/connect-recording.ts)', () => {
  const functionId = () => resolve(stack.connect?.recording.functionArn)['Fn::GetAtt'][0] as string;
  /** Every statement of the policies attached to the role of `fn`. */
  const statementsOf = (fn: { role?: { roleName: string } }) => {
    const roleRef = resolve(fn.role?.roleName) as Json;
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify((policy as Json).Properties.Roles).includes(JSON.stringify(roleRef)))
      .flatMap((policy) => (policy as Json).Properties.PolicyDocument.Statement as Json[]);
  };
  const s3Resources = (statements: Json[]) =>
    statements
      .filter((st) => [st.Action].flat().some((a: string) => a.startsWith('s3:')))
      .map((st) => ({ actions: [st.Action].flat().sort(), resources: JSON.stringify(st.Resource) }));

  it('is notified of objects created under connect/call-recordings/ only', () => {
    const notifications = template.findResources('Custom::S3BucketNotifications');
    const config = JSON.stringify(Object.values(notifications));
    expect(config).toContain(`"Value":"${CONNECT_CALL_RECORDINGS_PREFIX}/"`);
    const connectNotification = (
      Object.values(notifications)[0] as Json
    ).Properties.NotificationConfiguration.LambdaFunctionConfigurations.find((c: Json) =>
      JSON.stringify(c.LambdaFunctionArn).includes(functionId()),
    );
    expect(connectNotification).toMatchObject({
      Events: ['s3:ObjectCreated:*'],
      Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: `${CONNECT_CALL_RECORDINGS_PREFIX}/` }] } },
    });
  });

  it('least privilege: reads and deletes under connect/call-recordings/, only creates under recordings/, reads the table', () => {
    for (const fn of [stack.connect?.recording, stack.connect?.ctr]) {
      const statements = statementsOf(fn as unknown as { role?: { roleName: string } });
      const s3 = s3Resources(statements);
      expect(s3).toContainEqual({
        actions: ['s3:DeleteObject', 's3:GetObject'],
        resources: expect.stringContaining(`/${CONNECT_CALL_RECORDINGS_PREFIX}/*`),
      });
      expect(s3).toContainEqual({
        actions: ['s3:PutObject'],
        resources: expect.stringContaining(`/${RECORDINGS_PREFIX}*`),
      });
      expect(s3.filter((st) => st.actions.includes('s3:DeleteObject'))).toHaveLength(1);
      expect(JSON.stringify(statements)).not.toMatch(/"s3:\*"|holds\/|exports\//);
    }
    const dynamo = statementsOf(stack.connect?.recording as unknown as { role?: { roleName: string } })
      .flatMap((st) => [st.Action].flat())
      .filter((a: string) => a.startsWith('dynamodb:'));
    expect(dynamo).toEqual(['dynamodb:GetItem']);
  });

  it('N13: an unmatched recording expires within days (the orphan rule)', () => {
    expect(rules()).toContainEqual(
      expect.objectContaining({
        Id: 'ExpireConnectOrphans',
        Prefix: `${CONNECT_CALL_RECORDINGS_PREFIX}/`,
        ExpirationInDays: CONNECT_ORPHAN_DAYS,
        Status: 'Enabled',
      }),
    );
    // A CTR is on the stream at most a day: after that nothing can match the object.
    expect(CONNECT_ORPHAN_DAYS * 24).toBeGreaterThan(CTR_STREAM_RETENTION_HOURS);
    expect(CONNECT_ORPHAN_DAYS).toBeLessThanOrEqual(7);
  });

  it('N15: Contact Lens output under Analysis/ is deleted a day after it is written (nothing reads it)', () => {
    expect(rules()).toContainEqual(
      expect.objectContaining({
        Id: 'ExpireContactLensOutput',
        Prefix: CONTACT_LENS_PREFIX,
        ExpirationInDays: 1,
        Status: 'Enabled',
      }),
    );
  });

  it('failed S3 events go to an encrypted on-failure queue after two retries', () => {
    const failuresId = resolve(stack.connect?.recordingFailures.queueArn)['Fn::GetAtt'][0] as string;
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId() },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failuresId, 'Arn'] } } },
    });
    expect((template.findResources('AWS::SQS::Queue')[failuresId] as Json).Properties.KmsMasterKeyId).toEqual(
      {
        'Fn::GetAtt': [keyId, 'Arn'],
      },
    );
  });

  it.each([
    ['connect-ctr', () => stack.connect?.ctrFailures],
    ['connect-recording', () => stack.connect?.recordingFailures],
  ])('alarms on any message in the %s dead-letter queue', (name, queue) => {
    const queueName = resolve(queue()?.queueName);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `contact-recordings-DeadLetters-${name}`,
      // The CTR failures are Kinesis ranges, not jobs: the runbook says so instead of `dlq redrive`.
      AlarmDescription:
        name === 'connect-ctr'
          ? Match.stringLikeRegexp('Kinesis sequence ranges')
          : Match.stringLikeRegexp(`dlq redrive ${name}`),
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: queueName }],
      Threshold: 1,
    });
  });
});

describe('without -c connectInstanceArn', () => {
  it('creates nothing Connect-specific', () => {
    const { stack: plain, template: plainTemplate } = synthStack();
    expect(plain.connect).toBeUndefined();
    plainTemplate.resourceCountIs('AWS::Kinesis::Stream', 0);
    expect(JSON.stringify(plainTemplate.toJSON())).not.toContain('connect-ctr');
    plainTemplate.resourceCountIs(CfnInstanceStorageConfig.CFN_RESOURCE_TYPE_NAME, 0);
    const plainBucketId = plain.resolve(plain.recordings.bucket.bucketName).Ref as string;
    const plainRules = (plainTemplate.findResources('AWS::S3::Bucket')[plainBucketId] as Json).Properties
      .LifecycleConfiguration.Rules as Json[];
    expect(plainRules.map((rule) => rule.Prefix)).not.toContain(CONNECT_PREFIX);
    const keyJson = JSON.stringify(plainTemplate.findResources('AWS::KMS::Key'));
    expect(keyJson).not.toContain('connect.amazonaws.com');
  });
});

describe('N12: an instance outside the stack region or the EU/EEA is refused', () => {
  const arn = (region: string) => CONNECT_INSTANCE_ARN.replace('eu-central-1', region);
  const synth = (context: Record<string, string>) => () =>
    buildApp(testApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));

  it('names Frankfurt for an instance in London or outside Europe', () => {
    for (const region of ['eu-west-2', 'us-east-1']) {
      expect(synth({ region: 'eu-central-1', connectInstanceArn: arn(region) })).toThrow(
        `the instance is in ${region}, outside the EU/EEA`,
      );
      expect(synth({ region: 'eu-central-1', connectInstanceArn: arn(region) })).toThrow(
        '-c region=eu-central-1',
      );
    }
  });

  it("names the instance's region when the stack is elsewhere", () => {
    expect(synth({ region: 'eu-north-1', connectInstanceArn: CONNECT_INSTANCE_ARN })).toThrow(
      'the instance is in eu-central-1 but the stack is in eu-north-1; ' +
        "Connect's data must not leave its region here (N12): deploy with -c region=eu-central-1.",
    );
  });

  it('without -c region the stack goes to the instance region and synthesises the wiring', () => {
    const app = buildApp(
      testApp({ context: { 'aws:cdk:bundling-stacks': [], connectInstanceArn: CONNECT_INSTANCE_ARN } }),
    );
    const stack = app.node.findChild('ContactRecordings') as Stack;
    expect(stack.region).toBe('eu-central-1');
    Template.fromStack(stack).resourceCountIs('AWS::Connect::InstanceStorageConfig', 3);
  });

  it('the construct refuses too when the stack is built without the app (config bypassed)', () => {
    expect(() => synthStackWith({ ...parseContext({}), connectInstanceArn: CONNECT_INSTANCE_ARN })).toThrow(
      'deploy with -c region=eu-central-1',
    );
  });
});
