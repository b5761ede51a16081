import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { METRIC_SERIES } from '../../bench/cost-metrics';
import { stackFacts } from '../../bench/cost-stack';
import { METRICS_NAMESPACE } from '../../infra/constructs/monitoring';
import { synthStack } from '../support/stack';

/**
 * The cost model (bench/cost.ts, docs/cost.md) reads these facts from the synthesized stack. When
 * one of these tests fails, the stack changed what it costs: update the expectation, run
 * `npm run cost -- --calls 10000 --chats 2000 --minutes 4 --survey-rate 0.3` and put the new
 * tables in docs/cost.md.
 */
const { stack, template } = synthStack();
const json = template.toJSON() as Record<string, unknown>;
const facts = stackFacts(json);

describe('what the stack costs before the first call (docs/cost.md, fixed costs)', () => {
  it('creates one customer-managed KMS key for contact data and one for alarm notifications ($1 a month each)', () => {
    expect(facts.kmsKeys).toBe(2);
    const inboundTopicKey = stack.resolve(stack.surveys.inbound.masterKey?.keyArn);
    expect(inboundTopicKey).toEqual(stack.resolve(stack.storage.key.keyArn));
  });

  it('N17: the inbound SMS topic is encrypted with the data key, which End User Messaging may use only for this account', () => {
    const keyId = (stack.resolve(stack.storage.key.keyArn) as { 'Fn::GetAtt': string[] })[
      'Fn::GetAtt'
    ][0] as string;
    const key = (json.Resources as Record<string, { Properties: { KeyPolicy: { Statement: unknown[] } } }>)[
      keyId
    ];
    const smsStatements = (key?.Properties.KeyPolicy.Statement ?? []).filter((s) =>
      JSON.stringify(s).includes('sms-voice.amazonaws.com'),
    );
    expect(smsStatements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
  });

  it('keeps three secrets, one dashboard and three SQS pollers (the idle long polling the model prices)', () => {
    expect(facts.secrets).toBe(3);
    expect(facts.dashboards).toBe(1);
    expect(facts.sqsPollers).toBe(3);
    expect(facts.queues).toBe(9);
  });

  it('bills 36 alarm metrics: 35 alarms, the webhook 5xx rate reading two metrics', () => {
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(35);
    expect(facts.alarmMetrics).toBe(36);
    expect(facts.throttleAlarms).toBe(10);
  });

  it('sizes memory as docs/cost.md explains: pulls and the landed check at 512 MB', () => {
    expect(facts.memoryMb).toEqual({
      'call-events': 512,
      'chat-events': 512,
      'recording-upload-url': 512,
      'recording-fetch': 512,
      'recording-landed': 512,
      'survey-send': 512,
      'survey-reply': 512,
      'ops-api': 1024,
      'subject-export': 1024,
      'retention-sweep': 1024,
    });
  });

  it('reads the recordings lifecycle the storage line prices: Glacier Instant Retrieval from day 0', () => {
    expect(facts.recordingTransitions).toEqual([{ storageClass: 'GLACIER_IR', days: 0 }]);
    expect(facts.recordingExpiryDays).toBe(373);
  });
});

describe("the model's custom metric series match what the code and the alarms use", () => {
  const alarmedNames = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .map((a) => (a as { Properties: { Namespace?: string; MetricName?: string } }).Properties)
    .filter((p) => p.Namespace === METRICS_NAMESPACE)
    .map((p) => p.MetricName);

  it('marks as alarmed every Powertools metric an alarm reads', () => {
    const alarmed = METRIC_SERIES.filter((s) => s.alarmed && !s.logFilter).map((s) => s.name);
    expect(alarmedNames.length).toBeGreaterThan(0);
    expect([...alarmed].sort()).toEqual([...new Set(alarmedNames)].sort());
  });

  it('counts one series per log metric filter', () => {
    expect(METRIC_SERIES.filter((s) => s.logFilter)).toHaveLength(facts.metricFilters);
  });

  it('lists a series for every metric name the handlers publish', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) files.push(full);
      }
    };
    walk(path.join(__dirname, '..', '..', 'shared'));
    const published = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/addMetric\(\s*[`']([A-Za-z]+)(_\$\{|')/g)].map((m) => ({
        name: m[1] as string,
        templated: m[2] !== "'",
        twilio: file.includes(`${path.sep}twilio${path.sep}`),
      })),
    );
    // Twilio's native routes exist only with a Twilio platform; the model prices the default stack.
    const missing = published
      .filter((m) => !m.twilio)
      .filter((m) =>
        m.templated
          ? !METRIC_SERIES.some((s) => s.name.startsWith(`${m.name}_`))
          : !METRIC_SERIES.some((s) => s.name === m.name),
      );
    expect(published.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
