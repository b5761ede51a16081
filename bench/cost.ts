/**
 * Monthly cost model for eu-north-1 (issue #15; docs/cost.md).
 *
 *   npm run cost -- --calls 10000 --chats 2000 --minutes 4 --survey-rate 0.3 [--messages 12]
 *                   [--audio-mb-per-minute 0.96]
 *
 * Prints the estimate per service for the given month and for 10k, 100k and 1M calls (chats
 * scaled in the same proportion), the fixed costs, and what each further option would change.
 *
 * Inputs, in three kinds:
 * - the stack: counts of keys, secrets, alarms, dashboards, SQS pollers, each function's memory
 *   and the recordings lifecycle are read from the synthesized template of the default
 *   configuration (bench/cost-stack.ts), so the model cannot drift from what is deployed;
 * - measurements (`MEASURED`): requests per event from `npm run bench:webhooks`, CPU time from
 *   bench:webhooks, bench:cold and bench:audio (docs/performance.md);
 * - list prices (`PRICES`), DATED: written from AWS's public price pages as known on
 *   PRICES_AS_OF, not fetched. They MUST be checked against https://aws.amazon.com/pricing/
 *   (eu-north-1) before anyone relies on them. Free tiers are ignored unless an option says so.
 */
import { DEFAULT_RETENTION_MONTHS } from '../shared/kernel/expiry';
import { BUSY_HOURS_PER_MONTH, billedMetrics, type Series, type Traffic } from './cost-metrics';
import {
  AS_BUILT,
  BEFORE,
  CONNECT_VARIANTS,
  type CostOption,
  OPTIONS,
  PRODUCT_DECISIONS,
} from './cost-options';
import { type LifecycleTransition, type StackFacts, stackFacts, synthDefaultStack } from './cost-stack';
import { numberFlag } from './measure';

/** eu-north-1 list prices in USD, as of PRICES_AS_OF. Check them; they change. */
export const PRICES_AS_OF = '2026-11-29';
export const PRICES = {
  lambdaArmGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  httpApiPerMillionRequests: 1.0,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  /** Storage per GB-month by S3 storage class. */
  s3GbMonth: {
    STANDARD: 0.023,
    STANDARD_IA: 0.0125,
    GLACIER_IR: 0.004,
    GLACIER: 0.0036,
    DEEP_ARCHIVE: 0.0018,
  } as Record<string, number>,
  /** Lifecycle transition requests into a class, per 1,000 objects. */
  s3TransitionPerThousand: {
    STANDARD_IA: 0.01,
    GLACIER_IR: 0.02,
    GLACIER: 0.03,
    DEEP_ARCHIVE: 0.05,
  } as Record<string, number>,
  /** Data retrieval per GB read (Standard: none). Archive classes: a standard restore. */
  s3RetrievalPerGb: {
    STANDARD: 0,
    STANDARD_IA: 0.01,
    GLACIER_IR: 0.03,
    GLACIER: 0.01,
    DEEP_ARCHIVE: 0.02,
  } as Record<string, number>,
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  s3RestoreRequestPerThousand: 0.1,
  kmsKeyMonth: 1.0,
  kmsPerTenThousandRequests: 0.03,
  secretMonth: 0.4,
  secretsPerTenThousandCalls: 0.05,
  sqsPerMillionRequests: 0.4,
  /** One outbound SMS to a Finnish mobile number (End User Messaging); varies by carrier and route. */
  smsToFinland: 0.08,
  /** One inbound SMS on a two-way number. */
  smsInbound: 0.0075,
  logsIngestGb: 0.5,
  logsStorageGbMonth: 0.03,
  /** Per metric (name x dimension set) per month, prorated by the hour in which it is published. */
  customMetricMonth: 0.3,
  /** Per alarm metric: a standard alarm is one, a metric-math alarm one per metric it reads. */
  alarmMetricMonth: 0.1,
  /** Per dashboard per month (3 per account are free). */
  dashboardMonth: 3.0,
  xrayPerMillionTraces: 5.0,
} as const;

/** AWS's always-free allowances per account and month (not the 12-month trial ones). */
export const ALWAYS_FREE = {
  lambdaGbS: 400_000,
  lambdaRequests: 1_000_000,
  customMetrics: 10,
  alarmMetrics: 10,
  dashboards: 3,
  logsGb: 5,
  kmsRequests: 20_000,
  sqsRequests: 1_000_000,
  xrayTraces: 100_000,
  dynamoStorageGb: 25,
};

/** Measured with the benchmarks (docs/performance.md has the runs). */
export const MEASURED = {
  /** bench:webhooks, DynamoDB reads/writes and SQS sends per event. */
  callStarted: { reads: 0, writes: 3 },
  callAnswered: { reads: 1, writes: 3 },
  callEndedNoSurvey: { reads: 1, writes: 3 },
  callEndedSurvey: { reads: 4, writes: 5, sqs: 1 },
  chatStarted: { reads: 0, writes: 3 },
  chatFirstMessage: { reads: 2, writes: 4 },
  chatNextMessage: { reads: 2, writes: 3 },
  /** bench:webhooks p50 at concurrency 1 is 18.5 ms, of which ~5 ms are emulator round trips: CPU. */
  webhookCpuMs: 13,
  /** bench:cold median init of the webhook bundles on this machine (ESM, 128-161 ms). */
  initCpuMs: 150,
  /** bench:audio, a call-sized (4 MiB) pull on one core: 40 MB/s with sniffing, hashing, multipart. */
  pullCpuMsPerMb: 25,
  /** SHA-256 on one core of this machine: ~1 GB/s (node:crypto); sniffing reads 256 KB. */
  landedCpuMsPerMb: 1,
};

/** Not measured here: stated assumptions, each a constant or flag to revisit. */
export const ASSUMED = {
  /** 8 kHz 16-bit mono WAV, the usual telephony export: 0.96 MB a minute (MP3 at 32 kbit/s: 0.24). */
  audioMbPerMinute: 0.96,
  /**
   * recording.available + fetch + landed: DynamoDB requests per recording (not yet in bench:webhooks).
   * S3 PUT-class: one PutObject (lib-storage sends a body under one 5 MiB part as a single PUT) and
   * the sweep's two prefix LISTs; GET: the landed check.
   */
  recording: { reads: 2, writes: 5, sqs: 3, s3Puts: 3, s3Gets: 1 },
  /** survey-send per survey and survey-reply per reply (not yet in bench:webhooks). */
  surveySend: { reads: 3, writes: 3, sqs: 2 },
  surveyReply: { reads: 2, writes: 3 },
  replyRate: 0.3,
  /** Each META write also writes the subject and expiry indexes. */
  indexWritesPerMetaWrite: 2,
  /** Retention sweep per contact: index query share, deletes (item + indexes), receipt. */
  sweep: { reads: 1, writes: 5 },
  /** Lambda gives 1 vCPU at 1,769 MB and a proportional share below; one vCPU = one core here. */
  fullVcpuMb: 1769,
  /** Waiting, per invocation (ms): DynamoDB in-region ~4 ms a round trip, SNS ~50 ms. */
  webhookIoMs: 15,
  surveyIoMs: 60,
  surveyCpuMs: 15,
  /** The platform's recording server: 10 MB/s, plus connection set-up and the DynamoDB writes. */
  pullIoMsPerMb: 100,
  pullIoMs: 200,
  /** S3 GET in-region ~60 MB/s, plus first byte and the DynamoDB read and write. */
  landedIoMsPerMb: 17,
  landedIoMs: 60,
  sweepMsPerContact: 10,
  sweepRunMs: 200,
  /** Share of invocations that start a new execution environment (INIT is billed since 2025). */
  coldStartShare: 0.05,
  logKbPerInvocation: 1.5,
  accessLogKbPerRequest: 0.4,
  /** Item sizes (KB) incl. index copies, for storage. */
  callItemsKb: 2,
  chatMetaKb: 1.5,
  chatMessageKb: 0.4,
  /** SQS event source mappings long-poll even when idle: ~5 pollers x 3 empty receives a minute. */
  idleSqsRequestsPerPollerMonth: 5 * 3 * 60 * 24 * 30,
  /** Secrets and KMS data keys are cached for 5 minutes per execution environment. */
  cacheWindowsPerMonth: 12 * 24 * 30,
  warmEnvironments: 2,
  /** Ops requests (lookups, plays, exports) a month. */
  opsRequests: 300,
  /** Recordings played by QA in their first month, and later (disputes). */
  playedFirstMonth: 0.05,
  playedLater: 0.005,
  /** Days in Standard before a 0-day transition: S3 runs lifecycle once a day, asynchronously. */
  zeroDayTransitionLagDays: 1,
  /** Archive classes store 40 KB more per object: 32 KB in the class, 8 KB in Standard. */
  archiveOverheadKb: { inClass: 32, standard: 8 },
  /** X-Ray default sampling: the first request each second, then 5 %, per function. */
  xrayReservoirPerSecond: 1,
  xrayRate: 0.05,
  /** Opening hours (bench/cost-metrics.ts BUSY_HOURS_PER_MONTH), in seconds. */
  busySecondsPerMonth: BUSY_HOURS_PER_MONTH * 3600,
};

export interface Volume {
  calls: number;
  chats: number;
  minutes: number;
  surveyRate: number;
  messages: number;
  /** Recording size, MB per minute of call (--audio-mb-per-minute). */
  audioMbPerMinute: number;
}

/** What is priced: the stack's facts, plus choices the options below change. */
export interface Scenario {
  facts: StackFacts;
  /** Which custom metric series are published (default: every one the code emits). */
  keepMetric?: (s: Series) => boolean;
  /** Apply AWS's always-free allowances (an account of its own). */
  freeTier?: boolean;
}

type Lines = Record<string, number>;

const ARCHIVE = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/** Days a record kept `months` months is kept (the sweep deletes it at expiry). */
const keptDaysOf = (months: number) => (months * 365) / 12;

/** Days in each class over the kept period, from the lifecycle transitions. */
export function daysPerClass(
  transitions: LifecycleTransition[],
  keptDays = keptDaysOf(DEFAULT_RETENTION_MONTHS),
) {
  const spans: { storageClass: string; from: number; to: number }[] = [];
  let current = 'STANDARD';
  let from = 0;
  for (const t of [...transitions].sort((a, b) => a.days - b.days)) {
    const at = Math.min(keptDays, t.days === 0 ? ASSUMED.zeroDayTransitionLagDays : t.days);
    if (at > from) spans.push({ storageClass: current, from, to: at });
    current = t.storageClass;
    from = at;
  }
  if (keptDays > from) spans.push({ storageClass: current, from, to: keptDays });
  return spans;
}

const classOnDay = (spans: ReturnType<typeof daysPerClass>, day: number) =>
  spans.find((s) => day >= s.from && day < s.to)?.storageClass ?? 'STANDARD';

function s3Recordings(v: Volume, facts: StackFacts): { storage: number; requests: number } {
  const P = PRICES;
  const A = ASSUMED;
  const objectMb = v.minutes * v.audioMbPerMinute;
  // The rule moves only objects over its size floor; smaller ones stay in Standard.
  const transitions =
    objectMb * 1024 * 1024 > facts.recordingTransitionMinBytes ? facts.recordingTransitions : [];
  const monthGb = (v.calls * objectMb) / 1024;
  const spans = daysPerClass(transitions, keptDaysOf(facts.retentionMonths));
  // Steady state: this month's bill holds the kept months of recordings, each in its class of that age.
  let storage = 0;
  for (const span of spans) {
    const months = ((span.to - span.from) * 12) / 365;
    storage += monthGb * months * (P.s3GbMonth[span.storageClass] ?? 0);
    if (ARCHIVE.has(span.storageClass)) {
      const kbToGb = (kb: number) => (v.calls * kb) / 1024 / 1024;
      storage +=
        months *
        (kbToGb(A.archiveOverheadKb.inClass) * (P.s3GbMonth[span.storageClass] ?? 0) +
          kbToGb(A.archiveOverheadKb.standard) * (P.s3GbMonth.STANDARD ?? 0));
    }
  }
  const transitionsCost = transitions.reduce(
    (sum, t) => sum + (v.calls * (P.s3TransitionPerThousand[t.storageClass] ?? 0)) / 1000,
    0,
  );
  // Plays: QA in the first weeks (class on day 7), disputes later (class on day 180).
  const play = (share: number, day: number) => {
    const cls = classOnDay(spans, day);
    const plays = v.calls * share;
    const restore = ARCHIVE.has(cls) ? (plays * P.s3RestoreRequestPerThousand) / 1000 : 0;
    return (plays * objectMb * (P.s3RetrievalPerGb[cls] ?? 0)) / 1024 + restore;
  };
  const requests =
    (v.calls * ASSUMED.recording.s3Puts * P.s3PutPerThousand) / 1000 +
    (v.calls * ASSUMED.recording.s3Gets * P.s3GetPerThousand) / 1000 +
    transitionsCost +
    play(A.playedFirstMonth, 7) +
    play(A.playedLater, 180);
  return { storage, requests };
}

/** Billed ms of one invocation: CPU time stretched by the memory's vCPU share, plus waiting. */
export function billedMs(cpuMs: number, ioMs: number, memoryMb: number): number {
  return cpuMs * Math.max(1, ASSUMED.fullVcpuMb / memoryMb) + ioMs;
}

/** X-Ray traces recorded a month for a function with `count` invocations in opening hours. */
function traces(count: number): number {
  const A = ASSUMED;
  const perSecond = count / A.busySecondsPerMonth;
  const kept = Math.min(perSecond, A.xrayReservoirPerSecond) + A.xrayRate * Math.max(0, perSecond - 1);
  return kept * A.busySecondsPerMonth;
}

/** One function's month: invocations, CPU ms (at one vCPU) and waiting ms per invocation. */
export interface FunctionProfile {
  count: number;
  cpuMs: number;
  ioMs: number;
  /** Share of invocations that pay an INIT (rare functions: every one). */
  coldShare: number;
}

export function functionProfiles(v: Volume): Record<string, FunctionProfile> {
  const A = ASSUMED;
  const M = MEASURED;
  const surveys = v.calls * v.surveyRate;
  const audioMb = v.minutes * v.audioMbPerMinute;
  const sweepRuns = 24 * 30;
  const webhook = { cpuMs: M.webhookCpuMs, ioMs: A.webhookIoMs, coldShare: A.coldStartShare };
  return {
    // started / answered / ended / recording.available; every webhook event also goes through the HTTP API.
    'call-events': { ...webhook, count: v.calls * 4 },
    'chat-events': { ...webhook, count: v.chats * (2 + v.messages) },
    'recording-fetch': {
      count: v.calls,
      cpuMs: audioMb * M.pullCpuMsPerMb,
      ioMs: A.pullIoMs + audioMb * A.pullIoMsPerMb,
      coldShare: A.coldStartShare,
    },
    'recording-landed': {
      count: v.calls,
      cpuMs: audioMb * M.landedCpuMsPerMb,
      ioMs: A.landedIoMs + audioMb * A.landedIoMsPerMb,
      coldShare: A.coldStartShare,
    },
    'survey-send': { count: surveys, cpuMs: A.surveyCpuMs, ioMs: A.surveyIoMs, coldShare: A.coldStartShare },
    'survey-reply': {
      count: surveys * A.replyRate,
      cpuMs: A.surveyCpuMs,
      ioMs: A.surveyIoMs,
      coldShare: A.coldStartShare,
    },
    // Hourly, I/O-bound: deletes and listings per due contact.
    'retention-sweep': {
      count: sweepRuns,
      cpuMs: 0,
      ioMs: A.sweepRunMs + ((v.calls + v.chats) / sweepRuns) * A.sweepMsPerContact,
      coldShare: 1,
    },
    'ops-api': { count: A.opsRequests, cpuMs: M.webhookCpuMs * 2, ioMs: 50, coldShare: 1 },
  };
}

/** GB-seconds of a function's month at `memoryMb`, billed INIT included. */
export function functionGbS(p: FunctionProfile, memoryMb: number): number {
  const gbS = (count: number, ms: number) => (count * ms * memoryMb) / 1024 / 1000;
  return (
    gbS(p.count, billedMs(p.cpuMs, p.ioMs, memoryMb)) +
    gbS(p.count * p.coldShare, billedMs(MEASURED.initCpuMs, 0, memoryMb))
  );
}

export function monthlyCost(v: Volume, scenario: Scenario): { lines: Lines; sms: number } {
  const P = PRICES;
  const A = ASSUMED;
  const M = MEASURED;
  const { facts } = scenario;
  const mem = (service: string) => facts.memoryMb[service] ?? 512;
  const surveys = v.calls * v.surveyRate;
  const replies = surveys * A.replyRate;

  const profiles = functionProfiles(v);
  const invocations = Object.fromEntries(Object.entries(profiles).map(([name, p]) => [name, p.count]));
  const allInvocations = Object.values(invocations).reduce((a, b) => a + b, 0);
  let lambdaGbS = 0;
  for (const [service, p] of Object.entries(profiles)) lambdaGbS += functionGbS(p, mem(service));
  const callWebhooks = invocations['call-events'] ?? 0;
  const chatWebhooks = invocations['chat-events'] ?? 0;

  // DynamoDB request units: the same events priced in reads and in writes.
  const withSurvey = surveys;
  const units = (k: 'reads' | 'writes', chatEnd: number) =>
    v.calls * (M.callStarted[k] + M.callAnswered[k] + A.recording[k] + A.sweep[k]) +
    (v.calls - withSurvey) * M.callEndedNoSurvey[k] +
    withSurvey * M.callEndedSurvey[k] +
    surveys * A.surveySend[k] +
    replies * A.surveyReply[k] +
    v.chats *
      (M.chatStarted[k] +
        (v.messages > 0 ? M.chatFirstMessage[k] + (v.messages - 1) * M.chatNextMessage[k] : 0) +
        chatEnd +
        A.sweep[k]);
  const metaWrites = v.calls * 4 + v.chats * 2; // META updates per call (incl. recording) and chat
  const reads = units('reads', 1);
  const writes = units('writes', 3) + metaWrites * A.indexWritesPerMetaWrite;
  // Steady state: the kept months of contacts.
  const storedGb =
    (facts.retentionMonths * v.calls * A.callItemsKb +
      facts.chatRetentionMonths * v.chats * (A.chatMetaKb + v.messages * A.chatMessageKb)) /
    1024 /
    1024;

  const s3 = s3Recordings(v, facts);

  const sqsRequests =
    withSurvey * M.callEndedSurvey.sqs +
    surveys * A.surveySend.sqs +
    v.calls * A.recording.sqs +
    A.idleSqsRequestsPerPollerMonth * facts.sqsPollers;
  const kmsRequests = Math.min(allInvocations, A.cacheWindowsPerMonth * A.warmEnvironments * 3);
  const apiRequests = callWebhooks + chatWebhooks + A.opsRequests;
  const logsGb =
    (allInvocations * A.logKbPerInvocation + apiRequests * A.accessLogKbPerRequest) / 1024 / 1024;
  const traffic: Traffic = {
    calls: v.calls,
    chats: v.chats,
    messages: v.messages,
    surveys,
    replies,
    apiRequests,
    opsRequests: A.opsRequests,
  };
  // Powertools series and the access-log filter series (bench/cost-metrics.ts lists both).
  const metrics = billedMetrics(traffic, scenario.keepMetric).billed;
  let tracesRecorded = Object.values(invocations).reduce((sum, count) => sum + traces(count), 0);

  // Always-free allowances, when the option says the stack has an account of its own.
  const free = scenario.freeTier ? ALWAYS_FREE : undefined;
  const over = (used: number, allowance = 0) => Math.max(0, used - allowance);
  lambdaGbS = over(lambdaGbS, free?.lambdaGbS);
  tracesRecorded = over(tracesRecorded, free?.xrayTraces);

  const lines: Lines = {
    'Lambda (GB-s incl. billed INIT, requests)':
      lambdaGbS * P.lambdaArmGbSecond +
      (over(allInvocations, free?.lambdaRequests) * P.lambdaPerMillionRequests) / 1e6,
    'API Gateway HTTP API requests': (apiRequests * P.httpApiPerMillionRequests) / 1e6,
    'DynamoDB on-demand requests':
      (reads * P.dynamoPerMillionReadUnits + writes * P.dynamoPerMillionWriteUnits) / 1e6,
    'DynamoDB storage + PITR (12 months kept)':
      over(storedGb, free?.dynamoStorageGb) * P.dynamoStorageGbMonth + storedGb * P.dynamoPitrGbMonth,
    'S3 audio storage (12 months, per the lifecycle)': s3.storage,
    'S3 requests, transitions and reads': s3.requests,
    'KMS keys and requests':
      facts.kmsKeys * P.kmsKeyMonth +
      (over(kmsRequests, free?.kmsRequests) * P.kmsPerTenThousandRequests) / 1e4,
    'Secrets Manager secrets and calls':
      facts.secrets * P.secretMonth + (kmsRequests * P.secretsPerTenThousandCalls) / 1e4,
    'SQS requests (incl. idle long polling)':
      (over(sqsRequests, free?.sqsRequests) * P.sqsPerMillionRequests) / 1e6,
    'CloudWatch Logs (ingest + 1 month kept)':
      over(logsGb, free?.logsGb) * (P.logsIngestGb + P.logsStorageGbMonth),
    'CloudWatch custom metrics (hourly proration)': over(metrics, free?.customMetrics) * P.customMetricMonth,
    'CloudWatch alarms': over(facts.alarmMetrics, free?.alarmMetrics) * P.alarmMetricMonth,
    'CloudWatch dashboard': over(facts.dashboards, free?.dashboards) * P.dashboardMonth,
    'X-Ray traces (default sampling)': (tracesRecorded * P.xrayPerMillionTraces) / 1e6,
  };
  return { lines, sms: surveys * P.smsToFinland + replies * P.smsInbound };
}

const total = (lines: Lines) => Object.values(lines).reduce((a, b) => a + b, 0);

/** What is paid before the first call: the month's bill at zero traffic. */
export function fixedCost(scenario: Scenario): Lines {
  const zero: Volume = { calls: 0, chats: 0, minutes: 4, surveyRate: 0, messages: 0, audioMbPerMinute: 0.96 };
  return monthlyCost(zero, scenario).lines;
}

export const usd = (x: number) => `$${x < 10 ? x.toFixed(2) : x.toFixed(0)}`;

function main() {
  const given: Volume = {
    calls: numberFlag('calls', 10_000),
    chats: numberFlag('chats', 2_000),
    minutes: numberFlag('minutes', 4),
    surveyRate: numberFlag('survey-rate', 0.3),
    messages: numberFlag('messages', 12),
    audioMbPerMinute: numberFlag('audio-mb-per-minute', ASSUMED.audioMbPerMinute),
  };
  const facts = stackFacts(synthDefaultStack());
  const scenario: Scenario = { facts };
  const scaled = (calls: number): Volume => ({ ...given, calls, chats: (given.chats * calls) / given.calls });
  const columns: [string, Volume][] = [
    [`given (${given.calls.toLocaleString('en')} calls)`, given],
    ['10k calls', scaled(10_000)],
    ['100k calls', scaled(100_000)],
    ['1M calls', scaled(1_000_000)],
  ];
  const results = columns.map(([, v]) => monthlyCost(v, scenario));
  console.log(
    `Monthly estimate, eu-north-1, USD, prices as of ${PRICES_AS_OF} (check them): ` +
      `${given.chats.toLocaleString('en')} chats per ${given.calls.toLocaleString('en')} calls, ` +
      `${given.minutes} min a call at ${given.audioMbPerMinute} MB/min, ${given.messages} messages a chat, survey rate ${given.surveyRate}`,
  );
  const memory = Object.entries(facts.memoryMb)
    .map(([name, mb]) => `${name} ${mb}`)
    .join(', ');
  const lifecycle = facts.recordingTransitions.map((t) => `${t.storageClass} at ${t.days} d`).join(', ');
  console.log(
    `Read from the synthesized stack: ${facts.kmsKeys} KMS keys, ${facts.secrets} secrets, ` +
      `${facts.alarmMetrics} alarm metrics, ${facts.dashboards} dashboard(s), ${facts.metricFilters} log metric filters, ` +
      `${facts.sqsPollers} SQS pollers; memory MB: ${memory}; recordings/: ${lifecycle}, expiry ${facts.recordingExpiryDays} d\n`,
  );
  console.log(`| service | ${columns.map(([c]) => c).join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---:').join('|')}|`);
  for (const name of Object.keys(results[0]?.lines ?? {})) {
    console.log(`| ${name} | ${results.map((r) => usd(r.lines[name] ?? 0)).join(' | ')} |`);
  }
  const infra = results.map((r) => total(r.lines));
  console.log(`| **infrastructure (excl. SMS)** | ${infra.map((x) => `**${usd(x)}**`).join(' | ')} |`);
  console.log(
    `| infrastructure per 10,000 calls (goal <= $3) | ${infra.map((x, i) => usd((x / (columns[i]?.[1].calls ?? 1)) * 10_000)).join(' | ')} |`,
  );
  const fixed = total(fixedCost(scenario));
  console.log(`| of which fixed (paid at zero traffic) | ${columns.map(() => usd(fixed)).join(' | ')} |`);
  console.log(`| SMS (surveys out, replies in) | ${results.map((r) => usd(r.sms)).join(' | ')} |`);

  console.log('\nFixed costs (a month at zero traffic):\n');
  printFixed(scenario);
  console.log(
    '\nLambda memory: billed ms per invocation (CPU stretched by the vCPU share, plus waiting) and $ a month at 100k calls\n',
  );
  printMemory(facts, columns[2]?.[1] as Volume);
  console.log(
    '\nOptions: infrastructure per 10,000 calls (excl. SMS) at 10k / 100k / 1M calls a month; fixed = at zero traffic\n',
  );
  printOptions(
    scenario,
    columns.slice(1).map(([, v]) => v),
  );
}

function printFixed(scenario: Scenario) {
  const before = BEFORE.apply(scenario, {} as Volume).scenario;
  const [was, now] = [fixedCost(before), fixedCost(scenario)];
  console.log('| fixed cost | before | as built |');
  console.log('|---|---:|---:|');
  for (const name of Object.keys(now)) {
    if ((was[name] ?? 0) < 0.005 && (now[name] ?? 0) < 0.005) continue;
    console.log(`| ${name} | ${usd(was[name] ?? 0)} | ${usd(now[name] ?? 0)} |`);
  }
  console.log(`| **total** | **${usd(total(was))}** | **${usd(total(now))}** |`);
}

const MEMORY_STEPS = [256, 512, 1024, 1769];

function printMemory(facts: StackFacts, v: Volume) {
  console.log(`| function | configured MB | ${MEMORY_STEPS.map((mb) => `${mb} MB: ms / $`).join(' | ')} |`);
  console.log(`|---|---:|${MEMORY_STEPS.map(() => '---:').join('|')}|`);
  for (const [name, p] of Object.entries(functionProfiles(v))) {
    const cells = MEMORY_STEPS.map((mb) => {
      const dollars = functionGbS(p, mb) * PRICES.lambdaArmGbSecond;
      return `${billedMs(p.cpuMs, p.ioMs, mb).toFixed(0)} / ${usd(dollars)}`;
    });
    console.log(`| ${name} | ${facts.memoryMb[name] ?? '-'} | ${cells.join(' | ')} |`);
  }
}

function printOptions(base: Scenario, volumes: Volume[]) {
  console.log('| option | kind | fixed | 10k | 100k | 1M |');
  console.log('|---|---|---:|---:|---:|---:|');
  const row = (option: CostOption, scenario: Scenario, applyOn: (v: Volume) => Volume = (v) => v) => {
    const per10k = volumes.map((v) => {
      const applied = option.apply(scenario, applyOn(v));
      return usd((total(monthlyCost(applied.volume, applied.scenario).lines) / v.calls) * 10_000);
    });
    const fixed = total(fixedCost(option.apply(scenario, volumes[0] as Volume).scenario));
    console.log(`| ${option.label} | ${option.kind} | ${usd(fixed)} | ${per10k.join(' | ')} |`);
  };
  row(BEFORE, base);
  row(AS_BUILT, base);
  let scenario = base;
  for (const option of OPTIONS) {
    row({ ...option, label: `+ ${option.label}` }, scenario);
    scenario = option.apply(scenario, volumes[0] as Volume).scenario;
  }
  for (const option of PRODUCT_DECISIONS) row({ ...option, label: `as built + ${option.label}` }, base);
  for (const option of PRODUCT_DECISIONS)
    row({ ...option, label: `all proposals + ${option.label}` }, scenario);
  for (const option of CONNECT_VARIANTS) row({ ...option, label: `as built, ${option.label}` }, base);
}

if (require.main === module) main();
