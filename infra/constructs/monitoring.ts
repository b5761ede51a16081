import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The namespace Powertools metrics are written to (shared/kernel/observability.ts). */
export const METRICS_NAMESPACE = 'ContactRecordings';
/** The namespace of the metrics this construct derives from the API access logs. */
const ACCESS_LOG_NAMESPACE = 'ContactRecordings/Api';

/**
 * Every alarm's threshold, in one place, with the reason (docs/operations.md, "Alarms" has the
 * runbook for each). Periods are in minutes.
 */
export const ALARM_THRESHOLDS = {
  /** A message in a dead-letter queue is a job that was given up on: one is enough. */
  deadLetters: { messages: 1, periodMinutes: 5 },
  /** Handlers catch what they expect; an unhandled error (or timeout) in 2 of 3 five-minute periods is not a blip. */
  functionErrors: { errors: 1, periodMinutes: 5, datapoints: 2, of: 3 },
  /** No function should be throttled (reserved concurrency is sized above the queues' max concurrency). */
  functionThrottles: { throttles: 1, periodMinutes: 5, datapoints: 2, of: 3 },
  /** Webhook 5xx above 5 % of at least 10 requests in 2 of 3 five-minute periods: the platforms' retries are running out. */
  webhook5xx: { percent: 5, minRequests: 10, periodMinutes: 5, datapoints: 2, of: 3 },
  /** Signed platforms never get 401/403 except after a secret rotation gone wrong: 20 in 5 minutes is someone guessing. */
  webhookAuthFailures: { count: 20, periodMinutes: 5 },
  /**
   * N13: the oldest contact still due after a sweep, in hours (an upper bound: day-partition
   * start). Over a day for two hourly runs in a row, or two runs missing, is lag the TTL backstop
   * should not have to cover.
   */
  sweepLag: { hours: 24, periodMinutes: 60, datapoints: 2, of: 3 },
  /** N16: an export that failed puts the one-month answer at risk: one is enough. */
  exportFailures: { count: 1, periodMinutes: 15 },
  /** N2: a recording that could not be pulled after all retries is a call without its audio: one is enough. */
  fetchFailures: { count: 1, periodMinutes: 15 },
  /** N10: SMS refused or with an unknown outcome; 5 in an hour is a number, a route or an account problem. */
  smsFailures: { count: 5, periodMinutes: 60 },
  /** N10: the sender paused after an account-level SMS error: nobody gets a survey until someone acts. */
  surveysPaused: { count: 1, periodMinutes: 15 },
  /** N10, cost: the daily cap was reached: surveys are being skipped (expected only on unusual days). */
  surveyDailyCap: { count: 1, periodMinutes: 60 },
} as const;

export interface MonitoringProps {
  /** Every dead-letter queue, by a short name used in the alarm name. */
  deadLetterQueues: Record<string, IQueue>;
  /** For a queue whose messages are not redrivable jobs: what to do instead of `dlq redrive`. */
  deadLetterRunbooks?: Record<string, string>;
  /** Every function, by a short name used in the alarm name. */
  functions: Record<string, IFunction>;
  /** The HTTP API access log group (JSON: routeKey, status). */
  accessLogs: ILogGroup;
  /** The account's monthly SMS spend limit (USD) and the share of it that alarms. */
  smsMonthlySpendLimitUsd: number;
  smsSpendAlarmShare: number;
  alarmEmail?: string;
  alarmWebhookUrl?: string;
}

/**
 * Alarms and a dashboard (docs/operations.md, "Alarms"). Plain aws-cloudwatch constructs: the set
 * is small, most signals are this system's own metrics, and every threshold is a reasoned number
 * asserted by the infra tests (docs/adr/0008-monitoring.md). Alarm names and dimensions hold
 * function, queue and route names only: never a phone number (N17).
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const key = new Key(this, 'AlarmKey', {
      description: 'contact-recordings: encrypts alarm notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes alarm state changes to the encrypted topic.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'contact-recordings alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    if (props.alarmWebhookUrl) this.topic.addSubscription(new UrlSubscription(props.alarmWebhookUrl));
    const action = new SnsAction(this.topic);
    const minutes = (m: number) => Duration.minutes(m);

    const alarm = (
      alarmId: string,
      description: string,
      metric: Metric | MathExpression,
      threshold: number,
      options: { datapoints?: number; of?: number; missing?: TreatMissingData } = {},
    ) => {
      const created = new Alarm(this, alarmId, {
        alarmName: `contact-recordings-${alarmId}`,
        alarmDescription: `${description} Runbook: docs/operations.md#alarms`,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: options.of ?? 1,
        datapointsToAlarm: options.datapoints ?? 1,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    // Dead-letter queues: any message.
    const t = ALARM_THRESHOLDS;
    const dlqMetrics: Metric[] = [];
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const metric = queue.metricApproximateNumberOfMessagesVisible({
        period: minutes(t.deadLetters.periodMinutes),
        statistic: 'Maximum',
      });
      dlqMetrics.push(metric.with({ label: name }));
      alarm(
        `DeadLetters-${name}`,
        `A message is in the ${name} dead-letter queue: a job was given up on. ${props.deadLetterRunbooks?.[name] ?? `Redrive: npm run cli -- dlq redrive ${name}.`}`,
        metric,
        t.deadLetters.messages,
      );
    }

    // Functions: unhandled errors and throttles.
    const errorMetrics: Metric[] = [];
    const throttleMetrics: Metric[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period: minutes(t.functionErrors.periodMinutes) });
      const throttles = fn.metricThrottles({ period: minutes(t.functionThrottles.periodMinutes) });
      errorMetrics.push(errors.with({ label: name }));
      throttleMetrics.push(throttles.with({ label: name }));
      alarm(
        `Errors-${name}`,
        `The ${name} function failed (unhandled error or timeout).`,
        errors,
        t.functionErrors.errors,
        {
          datapoints: t.functionErrors.datapoints,
          of: t.functionErrors.of,
        },
      );
      alarm(
        `Throttles-${name}`,
        `The ${name} function was throttled.`,
        throttles,
        t.functionThrottles.throttles,
        {
          datapoints: t.functionThrottles.datapoints,
          of: t.functionThrottles.of,
        },
      );
    }

    // Webhooks, from the access logs (JSON; status is a string): requests, 5xx, 401/403.
    const webhooks = '$.routeKey = "POST /webhooks*"';
    const countFrom = (metricName: string, pattern: string) => {
      const filter = new MetricFilter(this, `${metricName}Filter`, {
        logGroup: props.accessLogs,
        metricNamespace: ACCESS_LOG_NAMESPACE,
        metricName,
        filterPattern: FilterPattern.literal(pattern),
        metricValue: '1',
        defaultValue: 0,
      });
      return filter.metric({ statistic: 'Sum', period: minutes(5) });
    };
    const webhookRequests = countFrom('WebhookRequests', `{ ${webhooks} }`);
    const webhook5xx = countFrom('Webhook5xx', `{ ${webhooks} && $.status = "5*" }`);
    const webhookAuth = countFrom(
      'WebhookAuthFailures',
      `{ ${webhooks} && ($.status = "401" || $.status = "403") }`,
    );
    const webhook5xxRate = new MathExpression({
      expression: `IF(requests >= ${t.webhook5xx.minRequests}, 100 * errors / requests, 0)`,
      usingMetrics: { requests: webhookRequests, errors: webhook5xx },
      period: minutes(t.webhook5xx.periodMinutes),
      label: 'webhook 5xx %',
    });
    alarm(
      'Webhook5xxRate',
      'Webhooks answer 5xx: platforms retry, but their retries run out.',
      webhook5xxRate,
      t.webhook5xx.percent,
      { datapoints: t.webhook5xx.datapoints, of: t.webhook5xx.of },
    );
    alarm(
      'WebhookAuthFailures',
      'Many webhook requests fail their signature check (401/403): someone is guessing, or a platform has the wrong secret.',
      webhookAuth,
      t.webhookAuthFailures.count,
    );

    // N13: sweep lag (the sweep's own metric; missing = the sweep did not run).
    const sweepLag = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'SweepOldestDueAgeHours',
      dimensionsMap: { service: 'retention-sweep' },
      statistic: 'Maximum',
      period: minutes(t.sweepLag.periodMinutes),
    });
    alarm(
      'SweepLag',
      'N13: contacts past their expiry are not being deleted (or the hourly sweep is not running).',
      sweepLag,
      t.sweepLag.hours,
      { datapoints: t.sweepLag.datapoints, of: t.sweepLag.of, missing: TreatMissingData.BREACHING },
    );

    const outcome = (service: string, metricName: string, periodMinutes: number) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service },
        statistic: 'Sum',
        period: minutes(periodMinutes),
      });
    const exportFailed = outcome('subject-export', 'SubjectExport_failed', t.exportFailures.periodMinutes);
    alarm('ExportFailures', 'N16: a subject-access export failed.', exportFailed, t.exportFailures.count);
    const fetchFailed = outcome('recording-fetch', 'RecordingFetch_failed', t.fetchFailures.periodMinutes);
    alarm(
      'FetchFailures',
      'N2: a recording could not be pulled from its platform.',
      fetchFailed,
      t.fetchFailures.count,
    );
    const paused = outcome('survey-send', 'Survey_paused', t.surveysPaused.periodMinutes);
    alarm(
      'SurveysPaused',
      'N10: the survey sender paused after an account-level SMS error (spend limit, permissions); jobs are kept.',
      paused,
      t.surveysPaused.count,
    );
    const capped = outcome('survey-send', 'Survey_capped', t.surveyDailyCap.periodMinutes);
    alarm(
      'SurveyDailyCap',
      'N10: the daily survey cap was reached; further surveys today are skipped and counted.',
      capped,
      t.surveyDailyCap.count,
    );
    const smsFailed = outcome('survey-send', 'Survey_failed', t.smsFailures.periodMinutes);
    alarm(
      'SmsFailures',
      'N10: survey SMS were refused or their outcome is unknown.',
      smsFailed,
      t.smsFailures.count,
    );

    // Cost: the account's month-to-date SMS spend (SNS) against the limit set by hand.
    const spend = new Metric({
      namespace: 'AWS/SNS',
      metricName: 'SMSMonthToDateSpentUSD',
      statistic: 'Maximum',
      period: minutes(60),
    });
    const spendThreshold = Math.round(props.smsMonthlySpendLimitUsd * props.smsSpendAlarmShare * 100) / 100;
    alarm(
      'SmsSpend',
      `SMS spend this month reached ${Math.round(props.smsSpendAlarmShare * 100)} % of the ${props.smsMonthlySpendLimitUsd} USD limit; at the limit every SMS is refused.`,
      spend,
      spendThreshold,
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: 'contact-recordings',
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: '# contact-recordings\nEvery alarm has a runbook entry in docs/operations.md (Alarms).',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Dead-letter queues (messages)', left: dlqMetrics, width: 12 }),
      new GraphWidget({
        title: 'Webhooks: requests, 5xx, 401/403',
        left: [webhookRequests, webhook5xx, webhookAuth],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', left: errorMetrics, width: 12 }),
      new GraphWidget({ title: 'Function throttles', left: throttleMetrics, width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'N13 sweep lag (hours)', left: [sweepLag], width: 8 }),
      new GraphWidget({
        title: 'Export, fetch and SMS failures',
        left: [exportFailed, fetchFailed, smsFailed, paused, capped],
        width: 8,
      }),
      new GraphWidget({
        title: 'SMS spend (USD)',
        left: [spend],
        leftAnnotations: [{ value: spendThreshold, label: 'alarm' }],
        width: 8,
      }),
    );
  }
}
