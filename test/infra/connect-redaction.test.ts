import { CONNECT_REDACTION_QUEUE_SETTINGS } from '../../shared/connect/redact-message';
import { synthStack } from '../support/stack';
import { CONNECT_CONTEXT, CONNECT_INSTANCE_ARN } from './connect-context';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
type Json = Record<string, any>;

const { stack, template } = synthStack(CONNECT_CONTEXT);
const resolve = (value: unknown) => stack.resolve(value);
const redaction = stack.connectRedaction;
const idOf = (arn: unknown) => resolve(arn)['Fn::GetAtt'][0] as string;
const keyId = idOf(stack.storage.key.keyArn);
const statementsOf = (fn: { role?: unknown }): Json[] => {
  const roleRef = resolve((fn.role as { roleName: string }).roleName);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify((p as Json).Properties.Roles).includes(JSON.stringify(roleRef)))
    .flatMap((p) => (p as Json).Properties.PolicyDocument.Statement as Json[]);
};
const actionsOf = (statements: Json[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[]);
const envOf = (fn: { functionArn: string } | undefined) =>
  (template.findResources('AWS::Lambda::Function')[idOf(fn?.functionArn)] as Json).Properties.Environment
    .Variables;
const alarmsOn = (dimension: string) =>
  (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Json[]).filter((alarm) =>
    JSON.stringify(alarm.Properties.Dimensions ?? []).includes(dimension),
  );

describe("Connect redaction (infra/constructs/connect-redaction.ts): Connect's copy of a leaving contact", () => {
  it('N17: a KMS-encrypted queue with a bounded redrive to an encrypted dead-letter queue', () => {
    const queueId = idOf(redaction?.queue.queueArn);
    const deadId = idOf(redaction?.deadLetters.queueArn);
    const queues = template.findResources('AWS::SQS::Queue');
    expect((queues[queueId] as Json).Properties).toMatchObject({
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      VisibilityTimeout: CONNECT_REDACTION_QUEUE_SETTINGS.visibilityTimeoutSeconds,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [deadId, 'Arn'] },
        maxReceiveCount: CONNECT_REDACTION_QUEUE_SETTINGS.maxReceiveCount,
      },
    });
    expect((queues[deadId] as Json).Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  it('consumes the queue with partial batch responses, at most two at a time (Connect rate limits)', () => {
    const functionId = idOf(redaction?.redact.functionArn);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId },
      EventSourceArn: { 'Fn::GetAtt': [idOf(redaction?.queue.queueArn), 'Arn'] },
      BatchSize: CONNECT_REDACTION_QUEUE_SETTINGS.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { CONNECT_INSTANCE_ID: '0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b' } },
      ReservedConcurrentExecutions: 2,
      Timeout: CONNECT_REDACTION_QUEUE_SETTINGS.timeoutSeconds,
    });
  });

  it("least privilege: connect:DeleteContactData on the instance's contacts only, and nothing of the store", () => {
    const statements = statementsOf(redaction?.redact as never);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('connect:'))).toEqual([
      { Effect: 'Allow', Action: 'connect:DeleteContactData', Resource: `${CONNECT_INSTANCE_ARN}/contact/*` },
    ]);
    const actions = actionsOf(statements);
    expect(actions.filter((a) => /^(dynamodb|s3|sns|secretsmanager):/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('connect:'))).toEqual(['connect:DeleteContactData']);
  });

  it('the retention sweep and the ops API may only send to the queue, and know its URL', () => {
    const queueArn = resolve(redaction?.queue.queueArn);
    for (const fn of [stack.retention.sweep, stack.ops.api]) {
      const onQueue = statementsOf(fn).filter((s) => JSON.stringify(s.Resource) === JSON.stringify(queueArn));
      expect(actionsOf(onQueue)).toEqual(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']);
      expect(actionsOf(statementsOf(fn)).filter((a) => a.startsWith('connect:'))).toEqual([]);
      expect(envOf(fn).CONNECT_REDACTION_QUEUE_URL).toEqual(resolve(redaction?.queue.queueUrl));
    }
  });

  it('alarms on a message in its dead-letter queue and on function errors; ops may list and redrive it', () => {
    const deadId = idOf(redaction?.deadLetters.queueArn);
    const functionId = idOf(redaction?.redact.functionArn);
    expect(alarmsOn(`"Fn::GetAtt":["${deadId}","QueueName"]`).map((a) => a.Properties.AlarmName)).toEqual([
      'contact-recordings-DeadLetters-connect-redact',
    ]);
    expect(
      alarmsOn(`"Ref":"${functionId}"`).filter((alarm) => alarm.Properties.MetricName === 'Errors'),
    ).toHaveLength(1);
    const deadLetters = JSON.stringify(resolve(envOf(stack.ops.api).DEAD_LETTER_QUEUES));
    expect(deadLetters).toContain('connect-redact');
    // Its URL, with the queue it redrives to.
    expect(deadLetters).toContain(deadId);
    expect(deadLetters).toContain(idOf(redaction?.queue.queueArn));
  });
});

describe('without -c connectInstanceArn', () => {
  it('creates no redaction queue or function, and the sweep and ops API are wired as before', () => {
    const { stack: plain, template: plainTemplate } = synthStack();
    expect(plain.connectRedaction).toBeUndefined();
    const json = JSON.stringify(plainTemplate.toJSON());
    expect(json).not.toContain('connect-redact');
    expect(json).not.toContain('CONNECT_REDACTION_QUEUE_URL');
    expect(json).not.toContain('connect:DeleteContactData');
  });
});
