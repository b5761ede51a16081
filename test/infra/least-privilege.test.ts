import { Match } from 'aws-cdk-lib/assertions';
import { ACCESS_LOG_EXPIRY_DAYS, RECORDING_EXPIRY_DAYS } from '../../infra/constructs/recordings';
import { synthStack } from '../support/stack';

const { stack, template } = synthStack();
const withArn = synthStack({
  surveyOriginationIdentity: 'arn:aws:sms-voice:eu-north-1:111122223333:phone-number/phone-0123456789abcdef',
});
const resolve = (value: unknown) => stack.resolve(value);

type Resource = { Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const allFunctions = template.findResources('AWS::Lambda::Function') as Record<string, Resource>;
/** The project's functions (AppFunction), each with its own log group. */
const functions = Object.fromEntries(
  Object.entries(allFunctions).filter(([, f]) => f.Properties.LoggingConfig !== undefined),
);
const statementsOfRole = (roleId: string): Statement[] =>
  Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
  ).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('each function writes only to its own log group', () => {
  it('covers every function but the two CDK makes for bucket notifications and AwsCustomResource (acknowledged in nag-suppressions)', () => {
    const others = Object.entries(allFunctions).filter(([id]) => !(id in functions));
    expect(others.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^AWS679f53fac002430cb0da5b7982bd2287/),
      expect.stringMatching(/^BucketNotificationsHandler/),
    ]);
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.keys(functions))('%s: no managed execution policy; logs only on its own log group', (id) => {
    const fn = functions[id] as Resource;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
    const role = template.findResources('AWS::IAM::Role')[roleId] as Resource;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();

    const logGroup = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const logStatements = statementsOfRole(roleId).filter((s) =>
      actions(s).some((a) => a.startsWith('logs:')),
    );
    expect(logStatements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
      },
    ]);
  });
});

describe('no phone number reaches X-Ray', () => {
  it.each(Object.keys(functions))('%s records that an error happened, not its message', (id) => {
    const env = (functions[id] as Resource).Properties.Environment as { Variables: Record<string, string> };
    expect(env.Variables.POWERTOOLS_TRACER_CAPTURE_ERROR).toBe('false');
  });
});

describe('inbound SMS topic (N10, N14: nobody can forge a reply or an opt-out)', () => {
  const denies = (t: typeof template) =>
    Object.values(t.findResources('AWS::SNS::TopicPolicy'))
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
            .Statement,
      )
      .filter((s) => s.Effect === 'Deny' && actions(s).includes('sns:Publish'));

  it('denies every publisher that is not the SMS service', () => {
    expect(denies(template)).toContainEqual(
      expect.objectContaining({
        Principal: { AWS: '*' },
        Condition: { StringNotEquals: { 'aws:PrincipalServiceName': 'sms-voice.amazonaws.com' } },
      }),
    );
  });

  it("denies SMS from anything but this account's numbers and pools when the identity is a number", () => {
    const condition = denies(template).find((s) =>
      JSON.stringify(s.Condition).includes('aws:SourceArn'),
    )?.Condition;
    const json = JSON.stringify(condition);
    expect(json).toContain('ArnNotLike');
    expect(json).toContain(':phone-number/*');
    expect(json).toContain(':pool/*');
  });

  it('denies SMS from anything but the configured phone number when it is an ARN', () => {
    expect(denies(withArn.template)).toContainEqual(
      expect.objectContaining({
        Condition: {
          ArnNotLike: {
            'aws:SourceArn': [
              'arn:aws:sms-voice:eu-north-1:111122223333:phone-number/phone-0123456789abcdef',
            ],
          },
        },
      }),
    );
  });
});

describe('access-log bucket', () => {
  const logBucketId = () => resolve(stack.recordings.accessLogs.bucketName).Ref as string;

  it('has ACLs disabled (BucketOwnerEnforced) and keeps logs no longer than the recordings they describe', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[logBucketId()] as Resource;
    expect(bucket.Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
    expect(bucket.Properties.AccessControl).toBeUndefined();
    expect(ACCESS_LOG_EXPIRY_DAYS).toBeLessThanOrEqual(RECORDING_EXPIRY_DAYS);
    expect(bucket.Properties.LifecycleConfiguration).toEqual({
      Rules: [{ Id: 'ExpireAccessLogs', Status: 'Enabled', ExpirationInDays: ACCESS_LOG_EXPIRY_DAYS }],
    });
  });

  it('lets only the logging service write, for the recordings bucket of this account', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: {
              ArnLike: { 'aws:SourceArn': resolve(stack.recordings.bucket.bucketArn) },
              StringEquals: { 'aws:SourceAccount': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });
});

describe('queues', () => {
  const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as Resource[];
  const queues = template.findResources('AWS::SQS::Queue') as Record<string, Resource>;

  it.each(
    mappings.map((m) => [(m.Properties.EventSourceArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0], m]),
  )('queue %s hides a message at least 6 × its consumer function timeout', (queueId, mapping) => {
    const fnId = ((mapping as Resource).Properties.FunctionName as { Ref: string }).Ref;
    const timeout = (functions[fnId] as Resource).Properties.Timeout as number;
    const visibility = (queues[queueId as string] as Resource).Properties.VisibilityTimeout as number;
    expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
  });
});
