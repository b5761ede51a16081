/**
 * What each cost option would change (docs/cost.md, "Options"): the stack as it was before the
 * cost work, as built now, then options that are not built, each on top of the previous one.
 * Options marked "proposal" need code outside the stack settings or an operations decision; the
 * ones marked "product decision" change what is stored or how fast a recording can be played.
 */

import type { Scenario, Volume } from './cost';
import type { Series } from './cost-metrics';
import type { StackFacts } from './cost-stack';

export interface CostOption {
  label: string;
  kind: 'before' | 'built' | 'proposal' | 'product decision' | 'Connect';
  apply: (s: Scenario, v: Volume) => { scenario: Scenario; volume: Volume };
}

const withFacts = (s: Scenario, change: Partial<StackFacts>): Scenario => ({
  ...s,
  facts: { ...s.facts, ...change },
});

/** The parent commit: 3 keys, Standard -> IA at 30 d -> Glacier IR at 90 d, pulls at 1024 MB. */
export const BEFORE: CostOption = {
  label: 'before: 3 KMS keys; Standard, IA at 30 d, Glacier IR at 90 d; fetch/landed 1024 MB',
  kind: 'before',
  apply: (s, volume) => ({
    volume,
    scenario: withFacts(s, {
      kmsKeys: s.facts.kmsKeys + 1,
      recordingTransitions: [
        { storageClass: 'STANDARD_IA', days: 30 },
        { storageClass: 'GLACIER_IR', days: 90 },
      ],
      memoryMb: { ...s.facts.memoryMb, 'recording-fetch': 1024, 'recording-landed': 1024 },
    }),
  }),
};

export const AS_BUILT: CostOption = {
  label: 'as built: inbound SMS topic on the data key; Glacier IR from day 0; fetch/landed 512 MB',
  kind: 'built',
  apply: (scenario, volume) => ({ scenario, volume }),
};

const alarmedOrInRunbook = (s: Series) => s.alarmed === true || s.runbook === true;

/** Cumulative, in the order docs/cost.md discusses them. */
export const OPTIONS: CostOption[] = [
  {
    label: 'publish only the metrics an alarm or a runbook reads (other outcome counts stay in the logs)',
    kind: 'proposal',
    apply: (scenario, volume) => ({ volume, scenario: { ...scenario, keepMetric: alarmedOrInRunbook } }),
  },
  {
    label: 'one account-level Lambda throttles alarm instead of one per function',
    kind: 'proposal',
    apply: (s, volume) => ({
      volume,
      scenario: withFacts(s, {
        alarmMetrics: s.facts.alarmMetrics - s.facts.throttleAlarms + 1,
        throttleAlarms: 1,
      }),
    }),
  },
  {
    label: 'alarm topic on the data key (one KMS key)',
    kind: 'proposal',
    apply: (s, volume) => ({ volume, scenario: withFacts(s, { kmsKeys: Math.max(1, s.facts.kmsKeys - 1) }) }),
  },
  {
    label: 'secrets as SSM SecureString parameters (standard tier: no monthly fee)',
    kind: 'proposal',
    apply: (s, volume) => ({ volume, scenario: withFacts(s, { secrets: 0 }) }),
  },
  {
    label: 'subject export invoked asynchronously (no idle SQS poller for a rare job)',
    kind: 'proposal',
    apply: (s, volume) => ({
      volume,
      scenario: withFacts(s, { sqsPollers: Math.max(0, s.facts.sqsPollers - 1) }),
    }),
  },
  {
    label: "an AWS account of its own (AWS's always-free allowances apply)",
    kind: 'proposal',
    apply: (scenario, volume) => ({ volume, scenario: { ...scenario, freeTier: true } }),
  },
];

/** Not cumulative: each on top of every option above. */
export const PRODUCT_DECISIONS: CostOption[] = [
  {
    label: '8-bit mu-law WAV (0.48 MB/min), the telephony codec as is',
    kind: 'product decision',
    apply: (scenario, volume) => ({ scenario, volume: { ...volume, audioMbPerMinute: 0.48 } }),
  },
  {
    label: 'MP3 at 32 kbit/s (0.24 MB/min)',
    kind: 'product decision',
    apply: (scenario, volume) => ({ scenario, volume: { ...volume, audioMbPerMinute: 0.24 } }),
  },
  {
    label: 'WAV; Deep Archive after 90 days (older recordings need a restore: up to 12 h)',
    kind: 'product decision',
    apply: (s, volume) => ({
      volume,
      scenario: withFacts(s, {
        recordingTransitions: [...s.facts.recordingTransitions, { storageClass: 'DEEP_ARCHIVE', days: 90 }],
      }),
    }),
  },
];

/**
 * Amazon Connect writes its own recordings under connect/ (infra/constructs/connect.ts): stereo
 * WAV, agent and customer on separate channels (8 kHz 16-bit: 1.92 MB a minute), and that prefix
 * has an expiry rule but no transition, so they stay in Standard for the 12 months.
 */
export const CONNECT_VARIANTS: CostOption[] = [
  {
    label: 'Amazon Connect recordings as stored today: stereo WAV (1.92 MB/min), Standard for 12 months',
    kind: 'Connect',
    apply: (s, volume) => ({
      volume: { ...volume, audioMbPerMinute: 1.92 },
      scenario: withFacts(s, { recordingTransitions: [] }),
    }),
  },
  {
    label: 'Amazon Connect recordings with Glacier IR from day 0 (a transition rule on connect/ too)',
    kind: 'Connect',
    apply: (s, volume) => ({
      volume: { ...volume, audioMbPerMinute: 1.92 },
      scenario: withFacts(s, { recordingTransitions: [{ storageClass: 'GLACIER_IR', days: 0 }] }),
    }),
  },
];
