/**
 * What the cost model reads from the stack itself (docs/cost.md): the synthesized CloudFormation
 * template of the default configuration, so counts of keys, secrets, alarms, queues and functions,
 * memory sizes, retention periods and the recordings lifecycle cannot drift from what `cdk deploy`
 * would create.
 * `stackFacts` is pure (the infra tests run it on their template); `synthDefaultStack` synthesizes
 * without bundling (about 10 s).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseContext } from '../infra/config';
import { ContactRecordingsStack } from '../infra/stack';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties?: Json;
}

export interface LifecycleTransition {
  storageClass: string;
  days: number;
}

export interface StackFacts {
  kmsKeys: number;
  secrets: number;
  /** Billed alarm metrics: one per standard alarm, one per metric in a metric-math alarm. */
  alarmMetrics: number;
  /** Alarms on a function's Throttles metric (one per function). */
  throttleAlarms: number;
  dashboards: number;
  /** Custom metrics created by log metric filters (one each). */
  metricFilters: number;
  queues: number;
  /** SQS event source mappings: each long-polls its queue even when the queue is empty. */
  sqsPollers: number;
  /** Memory (MB) per function, by POWERTOOLS_SERVICE_NAME; CDK's own deploy-time helpers excluded. */
  memoryMb: Record<string, number>;
  /** Transitions of the rule that moves objects under recordings/ to colder classes, by days. */
  recordingTransitions: LifecycleTransition[];
  /** Objects at or under this size stay in Standard (the transition rule's ObjectSizeGreaterThan). */
  recordingTransitionMinBytes: number;
  recordingExpiryDays: number | undefined;
  /** Months a call and its recording are kept (the call webhook's RETENTION_MONTHS). */
  retentionMonths: number;
  /** Months a chat is kept (the chat webhook's CHAT_RETENTION_MONTHS). */
  chatRetentionMonths: number;
}

function resources(template: Json): Resource[] {
  return Object.values((template.Resources ?? {}) as Record<string, Resource>);
}

const ofType = (all: Resource[], type: string) => all.filter((r) => r.Type === type);

/** An alarm costs one alarm metric, or one per metric (not per expression) it does math on. */
function alarmMetricCount(alarm: Resource): number {
  const metrics = alarm.Properties?.Metrics as { MetricStat?: unknown }[] | undefined;
  if (!metrics) return 1;
  return metrics.filter((m) => m.MetricStat !== undefined).length;
}

function recordingsRules(all: Resource[]): Json[] {
  const rules: Json[] = [];
  for (const bucket of ofType(all, 'AWS::S3::Bucket')) {
    const lifecycle = bucket.Properties?.LifecycleConfiguration as { Rules?: Json[] } | undefined;
    for (const rule of lifecycle?.Rules ?? []) if (rule.Prefix === 'recordings/') rules.push(rule);
  }
  return rules;
}

export function stackFacts(template: Json): StackFacts {
  const all = resources(template);
  const byId = (template.Resources ?? {}) as Record<string, Resource>;
  const memoryMb: Record<string, number> = {};
  const envOf: Record<string, Record<string, unknown>> = {};
  for (const fn of ofType(all, 'AWS::Lambda::Function')) {
    const env = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables;
    const service = env?.POWERTOOLS_SERVICE_NAME;
    if (typeof service !== 'string') continue;
    memoryMb[service] = Number(fn.Properties?.MemorySize ?? 128);
    envOf[service] = env ?? {};
  }
  const rules = recordingsRules(all);
  const transitions = rules.flatMap(
    (rule) => (rule.Transitions as { StorageClass: string; TransitionInDays: number }[] | undefined) ?? [],
  );
  const minBytes = rules.map((rule) => Number(rule.ObjectSizeGreaterThan ?? Number.NaN)).find((n) => n >= 0);
  const expiry = rules.map((rule) => rule.ExpirationInDays).find((days) => typeof days === 'number');
  return {
    kmsKeys: ofType(all, 'AWS::KMS::Key').length,
    secrets: ofType(all, 'AWS::SecretsManager::Secret').length,
    alarmMetrics: ofType(all, 'AWS::CloudWatch::Alarm').reduce((n, a) => n + alarmMetricCount(a), 0),
    throttleAlarms: ofType(all, 'AWS::CloudWatch::Alarm').filter(
      (a) => a.Properties?.MetricName === 'Throttles',
    ).length,
    dashboards: ofType(all, 'AWS::CloudWatch::Dashboard').length,
    metricFilters: ofType(all, 'AWS::Logs::MetricFilter').length,
    queues: ofType(all, 'AWS::SQS::Queue').length,
    sqsPollers: ofType(all, 'AWS::Lambda::EventSourceMapping').filter((m) => {
      const source = (m.Properties?.EventSourceArn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.[
        'Fn::GetAtt'
      ]?.[0];
      return source !== undefined && byId[source]?.Type === 'AWS::SQS::Queue';
    }).length,
    memoryMb,
    recordingTransitions: transitions
      .map((t) => ({ storageClass: t.StorageClass, days: t.TransitionInDays }))
      .sort((a, b) => a.days - b.days),
    recordingTransitionMinBytes: minBytes ?? 0,
    recordingExpiryDays: typeof expiry === 'number' ? expiry : undefined,
    retentionMonths: Number(envOf['call-events']?.RETENTION_MONTHS),
    chatRetentionMonths: Number(envOf['chat-events']?.CHAT_RETENTION_MONTHS),
  };
}

/** The default configuration (`cdk synth` with no context), functions not bundled. */
export function synthDefaultStack(): Json {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new ContactRecordingsStack(app, 'ContactRecordings', {
    env: { region: 'eu-north-1' },
    config: parseContext({}),
  });
  return Template.fromStack(stack).toJSON() as Json;
}
