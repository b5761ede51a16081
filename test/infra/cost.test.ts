import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { billedMs, daysPerClass, fixedCost, monthlyCost } from '../../bench/cost';
import {
  activeHours,
  BUSY_HOURS_PER_MONTH,
  HOURS_PER_MONTH,
  METRIC_SERIES,
  type Traffic,
} from '../../bench/cost-metrics';
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
    expect(facts.recordingTransitionMinBytes).toBe(128 * 1024);
    expect(facts.recordingExpiryDays).toBe(373);
  });

  it('reads the retention periods the storage lines price from the webhook functions (N13)', () => {
    expect(facts.retentionMonths).toBe(12);
    expect(facts.chatRetentionMonths).toBe(12);
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
        // Native platforms' functions exist only when that platform is configured.
        optional: [`twilio`, `connect`].some((folder) => file.includes(`${path.sep}${folder}${path.sep}`)),
      })),
    );
    // Twilio's routes and Connect's functions exist only with that platform; the model prices the default stack.
    const missing = published
      .filter((m) => !m.optional)
      .filter((m) =>
        m.templated
          ? !METRIC_SERIES.some((s) => s.name.startsWith(`${m.name}_`))
          : !METRIC_SERIES.some((s) => s.name === m.name),
      );
    expect(published.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});

describe('the model prices what it reads', () => {
  const month = {
    calls: 10_000,
    chats: 2_000,
    minutes: 4,
    surveyRate: 0.3,
    messages: 12,
    audioMbPerMinute: 0.96,
  };
  const storage = (f: typeof facts, v = month) =>
    monthlyCost(v, { facts: f }).lines['S3 audio storage (12 months, per the lifecycle)'] ?? 0;

  it('keeps a recording a day in Standard before a 0-day transition, then in its class until day 365', () => {
    expect(daysPerClass([{ storageClass: 'GLACIER_IR', days: 0 }])).toEqual([
      { storageClass: 'STANDARD', from: 0, to: 1 },
      { storageClass: 'GLACIER_IR', from: 1, to: 365 },
    ]);
    expect(
      daysPerClass([
        { storageClass: 'STANDARD_IA', days: 30 },
        { storageClass: 'GLACIER_IR', days: 90 },
      ]).map((span) => span.to - span.from),
    ).toEqual([30, 60, 275]);
  });

  it('prices Glacier IR from day 0 below Standard -> IA -> Glacier IR, and recordings under the size floor as Standard', () => {
    const before = {
      ...facts,
      recordingTransitions: [
        { storageClass: 'STANDARD_IA', days: 30 },
        { storageClass: 'GLACIER_IR', days: 90 },
      ],
    };
    expect(storage(facts)).toBeLessThan(storage(before) * 0.6);
    const short = { ...month, minutes: 0.1 }; // 96 KB: under the 128 KB floor
    expect(storage(facts, short)).toBeCloseTo(storage({ ...facts, recordingTransitions: [] }, short), 10);
  });

  it('prices one dollar a month per KMS key, ten cents per alarm metric and three dollars per dashboard', () => {
    const fixed = (f: typeof facts) => fixedCost({ facts: f });
    const one = fixed(facts);
    const more = fixed({
      ...facts,
      kmsKeys: facts.kmsKeys + 1,
      alarmMetrics: facts.alarmMetrics + 10,
      dashboards: 2,
    });
    expect((more['KMS keys and requests'] ?? 0) - (one['KMS keys and requests'] ?? 0)).toBeCloseTo(1, 10);
    expect((more['CloudWatch alarms'] ?? 0) - (one['CloudWatch alarms'] ?? 0)).toBeCloseTo(1, 10);
    expect((more['CloudWatch dashboard'] ?? 0) - (one['CloudWatch dashboard'] ?? 0)).toBeCloseTo(3, 10);
  });

  it('bills a custom metric only in the hours something was published to it', () => {
    const traffic: Traffic = {
      calls: 0,
      chats: 0,
      messages: 0,
      surveys: 0,
      replies: 0,
      apiRequests: 0,
      opsRequests: 0,
    };
    const series = (name: string) =>
      METRIC_SERIES.find((s) => s.name === name) as (typeof METRIC_SERIES)[number];
    expect(activeHours(series('SweepOldestDueAgeHours'), traffic)).toBe(HOURS_PER_MONTH);
    expect(activeHours(series('CallEvent_created'), traffic)).toBe(0);
    const busy = activeHours(series('CallEvent_created'), { ...traffic, calls: 10_000 });
    expect(busy).toBeGreaterThan(BUSY_HOURS_PER_MONTH * 0.99);
    expect(busy).toBeLessThanOrEqual(BUSY_HOURS_PER_MONTH);
  });

  it('stretches CPU time by the vCPU share below 1,769 MB and never the waiting', () => {
    expect(billedMs(10, 5, 1769)).toBeCloseTo(15, 10);
    expect(billedMs(10, 5, 3538)).toBeCloseTo(15, 10);
    expect(billedMs(10, 5, 1769 / 2)).toBeCloseTo(25, 10);
  });
});
