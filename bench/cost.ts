/**
 * Monthly cost model for eu-north-1 (issue #15; docs/cost.md).
 *
 *   npm run cost -- --calls 10000 --chats 2000 --minutes 4 --survey-rate 0.3 [--messages 12]
 *
 * Prints the estimate per service for the given month and for 10k, 100k and 1M calls (chats
 * scaled in the same proportion). Request counts per event come from `npm run bench:webhooks`,
 * durations and memory from the benchmarks and the stack; prices are constants below, DATED:
 * they were written from AWS's public price pages as known on that date and MUST be checked
 * against https://aws.amazon.com/pricing/ before anyone relies on them. Free tiers are ignored.
 */
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
  s3StandardGbMonth: 0.023,
  s3StandardIaGbMonth: 0.0125,
  s3GlacierIrGbMonth: 0.004,
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  s3TransitionToIaPerThousand: 0.01,
  s3TransitionToGlacierIrPerThousand: 0.02,
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
  customMetricMonth: 0.3,
  alarmMonth: 0.1,
  xrayPerMillionTraces: 5.0,
} as const;

/** Measured with the benchmarks on PRICES_AS_OF (docs/performance.md has the runs). */
export const MEASURED = {
  /** bench:webhooks, requests per event (DynamoDB reads/writes, SQS). */
  callStarted: { reads: 0, writes: 3 },
  callAnswered: { reads: 1, writes: 3 },
  callEndedNoSurvey: { reads: 1, writes: 3 },
  callEndedSurvey: { reads: 4, writes: 5, sqs: 1 },
  chatStarted: { reads: 0, writes: 3 },
  chatMessage: { reads: 2, writes: 3 },
  /**
   * Billed ms per webhook event on Lambda at 512 MB. bench:webhooks p50 at concurrency 1 is 18.5 ms,
   * of which ~13 ms is CPU: about 3x that at a third of a vCPU, plus 3-4 DynamoDB round trips of ~5 ms.
   */
  webhookMs: 60,
  /** bench:cold median init of a webhook bundle on a laptop-class core, ms; Lambda at 512 MB is slower. */
  initMs: 150,
};

/** Not measured here: stated assumptions, each a flag or a constant to revisit. */
export const ASSUMED = {
  /** 8 kHz 16-bit mono WAV, the usual telephony export: 0.96 MB a minute (MP3 at 32 kbit/s: 0.24). */
  audioMbPerMinute: 0.96,
  /** recording.available + fetch + landed: DynamoDB requests per recording (not yet in bench:webhooks). */
  recording: { reads: 2, writes: 5, sqs: 3, s3Puts: 3, s3Gets: 1 },
  /** survey-send per survey and survey-reply per reply (not yet in bench:webhooks). */
  surveySend: { reads: 3, writes: 3, sqs: 2 },
  surveyReply: { reads: 2, writes: 3 },
  replyRate: 0.3,
  /** Each META write also writes the subject and expiry indexes. */
  indexWritesPerMetaWrite: 2,
  /** Retention sweep per contact: index query share, deletes (item + indexes), receipt. */
  sweep: { reads: 1, writes: 5 },
  /** Duration at configured memory (ms): fetch streams the audio, landed hashes it. */
  fetchMsPerMb: 250,
  landedMsPerMb: 120,
  surveyMs: 120,
  /** Share of invocations that start a new execution environment (INIT is billed since 2025). */
  coldStartShare: 0.05,
  /** Lambda at 512 MB runs init about 3x slower than the benchmark machine. */
  lambdaInitFactor: 3,
  logKbPerInvocation: 1.5,
  /** Item sizes (KB) incl. index copies, for storage. */
  callItemsKb: 2,
  chatMetaKb: 1.5,
  chatMessageKb: 0.4,
  /** Powertools metrics: distinct metric names x service dimension published in a month. */
  customMetrics: 20,
  /** SQS event source mappings long-poll even when idle (about 3 requests a minute per poller, 5 pollers). */
  idleSqsRequestsPerQueueMonth: 5 * 3 * 60 * 24 * 30,
  sqsQueuesWithPollers: 3,
  kmsKeys: 2,
  secrets: 3,
  /** Secrets and KMS data keys are cached for 5 minutes per execution environment. */
  cacheWindowsPerMonth: 12 * 24 * 30,
  warmEnvironments: 2,
  alarms: 0,
  /** Default X-Ray sampling (1 a second, then 5%) traces nearly every request at these rates. */
  tracedShare: 1,
};

/** Configured memory (MB), from infra/constructs (AppFunction default 512). */
export const MEMORY_MB = { webhook: 512, fetch: 1024, landed: 1024, survey: 512, sweep: 1024 };

export interface Volume {
  calls: number;
  chats: number;
  minutes: number;
  surveyRate: number;
  messages: number;
  /** Recording size, MB per minute of call (--audio-mb-per-minute). */
  audioMbPerMinute: number;
}

type Lines = Record<string, number>;

export function monthlyCost(v: Volume): { lines: Lines; sms: number } {
  const P = PRICES;
  const A = ASSUMED;
  const M = MEASURED;
  const surveys = v.calls * v.surveyRate;
  const replies = surveys * A.replyRate;
  const audioMb = v.minutes * v.audioMbPerMinute;

  // Invocations (every webhook also goes through the HTTP API).
  const webhookCalls = v.calls * 4 + v.chats * (2 + v.messages); // started/answered/ended/recording.available
  const invocations = {
    webhook: webhookCalls,
    fetch: v.calls,
    landed: v.calls,
    survey: surveys + replies,
    sweep: 24 * 30,
  };
  const allInvocations = Object.values(invocations).reduce((a, b) => a + b, 0);
  const gbS = (count: number, ms: number, mb: number) => (count * ms * mb) / 1024 / 1000;
  const initGbS = (count: number, mb: number) =>
    gbS(count * A.coldStartShare, M.initMs * A.lambdaInitFactor, mb);
  const lambdaGbS =
    gbS(invocations.webhook, M.webhookMs, MEMORY_MB.webhook) +
    gbS(invocations.fetch, audioMb * A.fetchMsPerMb, MEMORY_MB.fetch) +
    gbS(invocations.landed, audioMb * A.landedMsPerMb, MEMORY_MB.landed) +
    gbS(invocations.survey, A.surveyMs, MEMORY_MB.survey) +
    gbS(v.calls + v.chats, 5, MEMORY_MB.sweep) + // sweep: a few ms of work per contact
    initGbS(invocations.webhook, MEMORY_MB.webhook) +
    initGbS(invocations.fetch + invocations.landed, 1024) +
    initGbS(invocations.survey, MEMORY_MB.survey);

  // DynamoDB request units.
  const withSurvey = v.calls * v.surveyRate;
  const reads =
    v.calls * (M.callStarted.reads + M.callAnswered.reads + A.recording.reads + A.sweep.reads) +
    (v.calls - withSurvey) * M.callEndedNoSurvey.reads +
    withSurvey * M.callEndedSurvey.reads +
    surveys * A.surveySend.reads +
    replies * A.surveyReply.reads +
    v.chats * (M.chatStarted.reads + v.messages * M.chatMessage.reads + 1 + A.sweep.reads);
  const metaWrites = v.calls * 4 + v.chats * 2; // META updates per call (incl. recording) and chat
  const writes =
    v.calls * (M.callStarted.writes + M.callAnswered.writes + A.recording.writes + A.sweep.writes) +
    (v.calls - withSurvey) * M.callEndedNoSurvey.writes +
    withSurvey * M.callEndedSurvey.writes +
    surveys * A.surveySend.writes +
    replies * A.surveyReply.writes +
    v.chats * (M.chatStarted.writes + v.messages * (M.chatMessage.writes + 1) + 3 + A.sweep.writes) +
    metaWrites * A.indexWritesPerMetaWrite;
  // Steady state: 12 months of contacts kept.
  const storedGb =
    (12 * (v.calls * A.callItemsKb + v.chats * (A.chatMetaKb + v.messages * A.chatMessageKb))) / 1024 / 1024;

  // S3: each month's recordings spend 1 month in Standard, 2 in Standard-IA, 9 in Glacier IR.
  const monthGb = (v.calls * audioMb) / 1024;
  const s3Storage =
    monthGb * (1 * P.s3StandardGbMonth + 2 * P.s3StandardIaGbMonth + 9 * P.s3GlacierIrGbMonth);
  const s3Requests =
    (v.calls * A.recording.s3Puts * P.s3PutPerThousand) / 1000 +
    (v.calls * A.recording.s3Gets * P.s3GetPerThousand) / 1000 +
    (v.calls * (P.s3TransitionToIaPerThousand + P.s3TransitionToGlacierIrPerThousand)) / 1000;

  const sqsRequests =
    withSurvey * M.callEndedSurvey.sqs +
    surveys * A.surveySend.sqs +
    v.calls * A.recording.sqs +
    A.idleSqsRequestsPerQueueMonth * A.sqsQueuesWithPollers;
  const cacheMisses = Math.min(allInvocations, A.cacheWindowsPerMonth * A.warmEnvironments * 3);
  const logsGb = (allInvocations * A.logKbPerInvocation) / 1024 / 1024;

  const lines: Lines = {
    'Lambda (GB-s incl. billed INIT, requests)':
      lambdaGbS * P.lambdaArmGbSecond + (allInvocations * P.lambdaPerMillionRequests) / 1e6,
    'API Gateway HTTP API requests': ((webhookCalls + v.calls) * P.httpApiPerMillionRequests) / 1e6, // + upload URLs/ops
    'DynamoDB on-demand requests':
      (reads * P.dynamoPerMillionReadUnits + writes * P.dynamoPerMillionWriteUnits) / 1e6,
    'DynamoDB storage + PITR (12 months kept)': storedGb * (P.dynamoStorageGbMonth + P.dynamoPitrGbMonth),
    'S3 storage (Standard -> IA -> Glacier IR, 12 months)': s3Storage,
    'S3 requests and lifecycle transitions': s3Requests,
    'KMS keys and requests': A.kmsKeys * P.kmsKeyMonth + (cacheMisses * P.kmsPerTenThousandRequests) / 1e4,
    'Secrets Manager secrets and calls':
      A.secrets * P.secretMonth + (cacheMisses * P.secretsPerTenThousandCalls) / 1e4,
    'SQS requests (incl. idle long polling)': (sqsRequests * P.sqsPerMillionRequests) / 1e6,
    'CloudWatch Logs (ingest + 1 month kept)': logsGb * (P.logsIngestGb + P.logsStorageGbMonth),
    'CloudWatch custom metrics + alarms': A.customMetrics * P.customMetricMonth + A.alarms * P.alarmMonth,
    'X-Ray traces': (allInvocations * A.tracedShare * P.xrayPerMillionTraces) / 1e6,
  };
  return { lines, sms: surveys * P.smsToFinland + replies * P.smsInbound };
}

function main() {
  const given: Volume = {
    calls: numberFlag('calls', 10_000),
    chats: numberFlag('chats', 2_000),
    minutes: numberFlag('minutes', 4),
    surveyRate: numberFlag('survey-rate', 0.3),
    messages: numberFlag('messages', 12),
    audioMbPerMinute: numberFlag('audio-mb-per-minute', ASSUMED.audioMbPerMinute),
  };
  const scaled = (calls: number): Volume => ({ ...given, calls, chats: (given.chats * calls) / given.calls });
  const columns: [string, Volume][] = [
    [`given (${given.calls.toLocaleString('en')} calls)`, given],
    ['10k calls', scaled(10_000)],
    ['100k calls', scaled(100_000)],
    ['1M calls', scaled(1_000_000)],
  ];
  const results = columns.map(([, v]) => monthlyCost(v));
  const usd = (x: number) => `$${x < 10 ? x.toFixed(2) : x.toFixed(0)}`;
  console.log(
    `Monthly estimate, eu-north-1, USD, prices as of ${PRICES_AS_OF} (check them): ` +
      `${given.chats.toLocaleString('en')} chats per ${given.calls.toLocaleString('en')} calls, ` +
      `${given.minutes} min a call at ${given.audioMbPerMinute} MB/min, ${given.messages} messages a chat, survey rate ${given.surveyRate}\n`,
  );
  console.log(`| service | ${columns.map(([c]) => c).join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---:').join('|')}|`);
  for (const name of Object.keys(results[0]?.lines ?? {})) {
    console.log(`| ${name} | ${results.map((r) => usd(r.lines[name] ?? 0)).join(' | ')} |`);
  }
  const infra = results.map((r) => Object.values(r.lines).reduce((a, b) => a + b, 0));
  console.log(`| **infrastructure (excl. SMS)** | ${infra.map((x) => `**${usd(x)}**`).join(' | ')} |`);
  console.log(
    `| infrastructure per 10,000 calls (goal <= $3) | ${infra.map((x, i) => usd((x / (columns[i]?.[1].calls ?? 1)) * 10_000)).join(' | ')} |`,
  );
  console.log(`| SMS (surveys out, replies in) | ${results.map((r) => usd(r.sms)).join(' | ')} |`);
}

if (require.main === module) main();
