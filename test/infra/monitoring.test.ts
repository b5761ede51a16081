import { Match } from 'aws-cdk-lib/assertions';
import { ALARM_THRESHOLDS } from '../../infra/constructs/monitoring';
import { synthStack } from '../support/stack';

const { template } = synthStack();
const alarms = () =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
    Properties: Record<string, unknown> & { AlarmName: string };
  }[];
const alarmNamed = (name: string) => {
  const found = alarms().find((a) => a.Properties.AlarmName === `contact-recordings-${name}`);
  if (!found) throw new Error(`no alarm ${name}`);
  return found.Properties;
};
const DLQS = [
  'survey-jobs',
  'survey-replies',
  'recording-fetch',
  'recording-landed',
  'subject-export',
  'retention-sweep',
];
const FUNCTIONS = [
  'call-events',
  'chat-events',
  'recording-upload-url',
  'recording-fetch',
  'recording-landed',
  'survey-send',
  'survey-reply',
  'ops-api',
  'subject-export',
  'retention-sweep',
];

describe('monitoring: alarms, topic and dashboard', () => {
  it('N17: notifies one KMS-encrypted, TLS-only SNS topic from every alarm, on alarm and on recovery', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'contact-recordings alarms',
      KmsMasterKeyId: Match.anyValue(),
    });
    const topicId = Object.keys(
      template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'contact-recordings alarms' } }),
    )[0];
    expect(alarms().length).toBeGreaterThanOrEqual(DLQS.length + 2 * FUNCTIONS.length + 9);
    for (const alarm of alarms()) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.AlarmDescription).toContain('docs/operations.md#alarms');
    }
  });

  it('alarms on any message in every dead-letter queue', () => {
    for (const name of DLQS) {
      expect(alarmNamed(`DeadLetters-${name}`)).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Statistic: 'Maximum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
      });
    }
    expect(Object.keys(template.findResources('AWS::SQS::Queue')).length).toBe(DLQS.length + 3);
  });

  it('alarms on errors and throttles of every function, sustained over 2 of 3 five-minute periods', () => {
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).length).toBeGreaterThanOrEqual(
      FUNCTIONS.length,
    );
    for (const name of FUNCTIONS) {
      for (const [prefix, metric] of [
        ['Errors', 'Errors'],
        ['Throttles', 'Throttles'],
      ] as const) {
        expect(alarmNamed(`${prefix}-${name}`)).toMatchObject({
          MetricName: metric,
          Namespace: 'AWS/Lambda',
          Period: 300,
          Threshold: 1,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
        });
      }
    }
  });

  it('alarms on the webhook 5xx rate and on spikes of webhook 401/403, counted from the access logs', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.routeKey = "POST /webhooks*" && $.status = "5*" }',
      MetricTransformations: [Match.objectLike({ MetricName: 'Webhook5xx', MetricValue: '1' })],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.routeKey = "POST /webhooks*" && ($.status = "401" || $.status = "403") }',
      MetricTransformations: [Match.objectLike({ MetricName: 'WebhookAuthFailures' })],
    });
    const rate = alarmNamed('Webhook5xxRate');
    expect(rate).toMatchObject({ Threshold: ALARM_THRESHOLDS.webhook5xx.percent, DatapointsToAlarm: 2 });
    expect(JSON.stringify(rate.Metrics)).toContain('IF(requests >= 10, 100 * errors / requests, 0)');
    expect(alarmNamed('WebhookAuthFailures')).toMatchObject({
      MetricName: 'WebhookAuthFailures',
      Statistic: 'Sum',
      Threshold: 20,
      Period: 300,
    });
  });

  it('N13: alarms when the oldest due contact is over a day old, or when the sweep stops reporting', () => {
    expect(alarmNamed('SweepLag')).toMatchObject({
      Namespace: 'ContactRecordings',
      MetricName: 'SweepOldestDueAgeHours',
      Dimensions: [{ Name: 'service', Value: 'retention-sweep' }],
      Threshold: 24,
      Period: 3600,
      TreatMissingData: 'breaching',
    });
  });

  it('N16, N2, N10: alarms on export, fetch and SMS failures', () => {
    expect(alarmNamed('ExportFailures')).toMatchObject({ MetricName: 'SubjectExport_failed', Threshold: 1 });
    expect(alarmNamed('FetchFailures')).toMatchObject({ MetricName: 'RecordingFetch_failed', Threshold: 1 });
    expect(alarmNamed('SmsFailures')).toMatchObject({
      MetricName: 'Survey_failed',
      Dimensions: [{ Name: 'service', Value: 'survey-send' }],
      Threshold: 5,
      Period: 3600,
    });
  });

  it('N10: alarms when the survey sender pauses and when the daily survey cap is reached', () => {
    expect(alarmNamed('SurveysPaused')).toMatchObject({
      MetricName: 'Survey_paused',
      Dimensions: [{ Name: 'service', Value: 'survey-send' }],
      Threshold: 1,
    });
    expect(alarmNamed('SurveyDailyCap')).toMatchObject({ MetricName: 'Survey_capped', Threshold: 1 });
  });

  it('N10: alarms on SMS spend at 80 % of the default 1 USD limit', () => {
    expect(alarmNamed('SmsSpend')).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'SMSMonthToDateSpentUSD',
      Threshold: 0.8,
    });
  });

  it('N17: no alarm, metric dimension or dashboard holds a phone number', () => {
    const text = JSON.stringify({
      alarms: template.findResources('AWS::CloudWatch::Alarm'),
      dashboards: template.findResources('AWS::CloudWatch::Dashboard'),
      filters: template.findResources('AWS::Logs::MetricFilter'),
    });
    expect(text).not.toMatch(/\+?358\d{6,}/);
  });

  it('shows the same signals on one dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const signal of [
      'Dead-letter queues',
      'Webhooks: requests, 5xx, 401/403',
      'Function errors',
      'Function throttles',
      'N13 sweep lag',
      'Export, fetch and SMS failures',
      'SMS spend',
      'SweepOldestDueAgeHours',
      'SMSMonthToDateSpentUSD',
    ])
      expect(body).toContain(signal);
  });
});

describe('monitoring: subscriptions and spend threshold from context', () => {
  const configured = synthStack({
    alarmEmail: 'oncall@example.com',
    alarmWebhookUrl: 'https://chat.example.com/hooks/oncall',
    smsMonthlySpendLimitUsd: '200',
    smsSpendAlarmShare: '0.5',
  }).template;

  it('subscribes the e-mail address and the https chat webhook given as context', () => {
    configured.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    configured.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://chat.example.com/hooks/oncall',
    });
  });

  it('N10: alarms on SMS spend at the configured share of the configured limit', () => {
    configured.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'contact-recordings-SmsSpend',
      Threshold: 100,
    });
  });
});

describe('every asynchronous invocation has an on-failure destination', () => {
  const queueOf = (id: string) =>
    Object.keys(template.findResources('AWS::SQS::Queue')).find((key) => key.includes(id)) as string;
  const functionOf = (entry: string) =>
    Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: entry }) } },
      }),
    )[0] as string;

  it.each([
    ['recording-landed', 'LandedDeadLetters', 'recording-landed'],
    ['survey-reply', 'ReplyDeadLetters', 'survey-replies'],
    ['retention-sweep', 'SweepDeadLetters', 'retention-sweep'],
  ])('N13, N2: %s sends failed asynchronous events to %s after two retries, alarmed', (entry, queue, dlq) => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionOf(entry) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueOf(queue), 'Arn'] } } },
    });
    expect(alarmNamed(`DeadLetters-${dlq}`)).toMatchObject({
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueOf(queue), 'QueueName'] } }],
    });
  });

  it('N13: the hourly schedule keeps an event it could not deliver in the sweep dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueOf('SweepDeadLetters'), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        }),
      ],
    });
  });

  it('N17: SNS and EventBridge may use the data key to write to the encrypted dead-letter queues, from this account only', () => {
    for (const service of ['sns.amazonaws.com', 'events.amazonaws.com'])
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: service },
              Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
              Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } },
            }),
          ]),
        },
      });
  });
});

describe('dlq list|redrive through the ops API', () => {
  it('N7: gives the ops API every dead-letter queue, with the source queue or the function to invoke again', () => {
    const opsApi = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'ops-api' }) } },
      }),
    )[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    const map = JSON.stringify(opsApi.Properties.Environment.Variables.DEAD_LETTER_QUEUES);
    for (const name of DLQS) expect(map).toContain(`\\"${name}\\":`);
    expect(map.match(/sourceUrl/g)).toHaveLength(3);
    expect(map.match(/functionName/g)).toHaveLength(3);
  });
});

describe('dlq redrive of asynchronous invocations', () => {
  it('N7: lets the ops API invoke exactly the landed, reply and sweep functions, nothing else', () => {
    const invoke = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } })
            .Properties.PolicyDocument.Statement,
      )
      .filter((s) => s.Action === 'lambda:InvokeFunction');
    expect(invoke).toHaveLength(1);
    const resources = JSON.stringify(invoke[0]?.Resource);
    for (const id of ['RecordingsLanded', 'SurveysReply', 'RetentionSweep']) expect(resources).toContain(id);
    expect(resources).not.toContain(':*');
  });
});
