import * as z from 'zod';
import { MONTHS_RANGE, months } from '../shared/kernel/env';
import { DEFAULT_AUDIT_RETENTION_MONTHS, DEFAULT_RETENTION_MONTHS } from '../shared/kernel/expiry';
import { PLATFORM_KINDS, platformSlug } from '../shared/kernel/platforms';
import { surveySendEnv } from '../shared/surveys/env';
import { assertSingleSegmentSms } from '../shared/surveys/text';
import {
  connectInstanceRegionProblem,
  isConnectInstanceArn,
  parseConnectInstanceArn,
} from './connect-region';
import { DEFAULT_REGION, isEuRegion, RegionNotAllowedError } from './regions';

/**
 * Every CDK context key the app reads (`cdk.json` "context" or `cdk synth -c key=value`), checked
 * in one place before anything is synthesised. Values from `-c` are strings, values from cdk.json
 * or tests may be numbers: both are accepted. Each problem is one sentence naming the key, the
 * value given and what was wanted; the region refusal keeps the wording of infra/regions.ts.
 * The bounds and formats are the ones the functions check again at start (shared/<feature>/env.ts).
 */
const show = (value: unknown): string => JSON.stringify(value) ?? String(value);
const wanted = (key: string, value: unknown, what: string) => `${key}: got ${show(value)}; wanted ${what}`;
const problem = (key: string, what: string) => (issue: { input?: unknown }) => wanted(key, issue.input, what);

/** A whole number of months within the bounds the functions accept (`months` in shared/kernel/env.ts). */
const wholeMonths = (key: string, example: number) => {
  const what = `a whole number of months from ${MONTHS_RANGE.min} to ${MONTHS_RANGE.max}, e.g. ${example}`;
  return z.union([z.number(), z.string()], { error: problem(key, what) }).transform((value, ctx) => {
    const count = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (months.safeParse(count).success) return count;
    ctx.addIssue({ code: 'custom', input: value, message: wanted(key, value, what) });
    return z.NEVER;
  });
};

/** An optional text setting; an empty value (`-c key=`) means unset, as it always has. */
const optionalText = (key: string, what: string, valid: (text: string) => boolean) =>
  z
    .string({ error: problem(key, what) })
    .optional()
    .transform((text) => (text === '' ? undefined : text))
    .refine((text) => text === undefined || valid(text), { error: problem(key, what) });

/** `host` or `*.example.com` (no scheme, port or path), as the fetch worker compares them. */
const HOST_PATTERN =
  /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i;
const hostList = (text: string) =>
  text
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean)
    .every((host) => HOST_PATTERN.test(host));

/** A number within bounds, from `-c key=value` (string) or cdk.json (number). */
const bounded = (key: string, min: number, max: number, example: number, integer = true) => {
  const what = `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, e.g. ${example}`;
  return z.union([z.number(), z.string()], { error: problem(key, what) }).transform((value, ctx) => {
    const text = typeof value === 'string' ? value.trim() : '';
    const count = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isFinite(count) && count >= min && count <= max && (!integer || Number.isInteger(count)))
      return count;
    ctx.addIssue({ code: 'custom', input: value, message: wanted(key, value, what) });
    return z.NEVER;
  });
};

/** ISO 3166 alpha-2 country codes, comma-separated (`FI` or `FI,SE`). */
const countryList = (text: string) =>
  text.split(',').every((code) => /^[A-Z]{2}$/.test(code.trim())) && text.trim() !== '';

/** Operator-facing defaults (docs/deploy.md explains each). */
const CONTEXT_DEFAULTS = {
  webhookThrottleRate: 50,
  webhookThrottleBurst: 100,
  uploadUrlThrottleRate: 10,
  uploadUrlThrottleBurst: 20,
  opsThrottleRate: 10,
  opsThrottleBurst: 20,
  smsMonthlySpendLimitUsd: 1,
  smsSpendAlarmShare: 0.8,
  smsAllowedCountries: 'FI',
  surveyDailyCap: 500,
} as const;

/** An entry of `opsRoleTrust`: an account id, an IAM user ARN, or `permission-set:<name>`. */
const TRUST_ENTRY =
  /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@/-]+|permission-set:[\w+=,.@-]{1,32})$/;
const OPS_TRUST_WHAT =
  'a JSON object mapping qaReviewer, complianceOfficer, dataProtectionOfficer and/or operator to a list of 12-digit account ids, IAM user ARNs or permission-set:<Identity Center permission set name>';
const opsRoleTrust = z
  .union([z.string(), z.record(z.string(), z.unknown())], { error: problem('opsRoleTrust', OPS_TRUST_WHAT) })
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return {};
    let parsed: unknown = value;
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value);
      } catch {
        ctx.addIssue({
          code: 'custom',
          input: value,
          message: wanted('opsRoleTrust', value, OPS_TRUST_WHAT),
        });
        return z.NEVER;
      }
    }
    const result = z
      .strictObject({
        qaReviewer: z.array(z.string().regex(TRUST_ENTRY)).min(1).optional(),
        complianceOfficer: z.array(z.string().regex(TRUST_ENTRY)).min(1).optional(),
        dataProtectionOfficer: z.array(z.string().regex(TRUST_ENTRY)).min(1).optional(),
        operator: z.array(z.string().regex(TRUST_ENTRY)).min(1).optional(),
      })
      .safeParse(parsed);
    if (!result.success) {
      ctx.addIssue({ code: 'custom', input: value, message: wanted('opsRoleTrust', value, OPS_TRUST_WHAT) });
      return z.NEVER;
    }
    return result.data;
  });

/** One platform (ADR 0007): its slug, its dialect, and its dialect's options. */
const platformConfig = z
  .object({
    slug: platformSlug,
    kind: z.enum(PLATFORM_KINDS),
    /** Migration: this platform verifies with the pre-platform shared secret (at most one may). */
    adoptSharedSecret: z.boolean().optional(),
    /** Twilio: delete recordings at Twilio once stored here (default true). */
    deleteRecordingsAtSource: z.boolean().optional(),
    /** Twilio Conversations: identities (exact or `prefix*`) that are agents / bots. */
    agentIdentities: z.array(z.string().min(1).max(128)).optional(),
    botIdentities: z.array(z.string().min(1).max(128)).optional(),
  })
  .strict();
export type PlatformConfig = z.output<typeof platformConfig>;

const PLATFORMS_WANTED =
  'a JSON list of platforms, e.g. [{"slug":"acme-cc","kind":"standard-webhooks"},{"slug":"twilio-fi","kind":"twilio"}]; ' +
  `slugs lower-case (a-z, 0-9, -), unique; kind one of ${PLATFORM_KINDS.join(', ')}; ` +
  'adoptSharedSecret on at most one standard-webhooks platform';

/** `platforms`: a list (cdk.json) or its JSON text (`-c platforms='[...]'`); default none. */
const platformList = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return [];
    let list: unknown = value;
    if (typeof value === 'string') {
      try {
        list = JSON.parse(value);
      } catch {
        list = value;
      }
    }
    const parsed = z.array(platformConfig).safeParse(list);
    const slugs = parsed.success ? parsed.data.map((p) => p.slug) : [];
    const adopted = parsed.success ? parsed.data.filter((p) => p.adoptSharedSecret) : [];
    const ok =
      parsed.success &&
      new Set(slugs).size === slugs.length &&
      adopted.length <= 1 &&
      adopted.every((p) => p.kind === 'standard-webhooks');
    if (!ok) {
      ctx.addIssue({ code: 'custom', input: value, message: wanted('platforms', value, PLATFORMS_WANTED) });
      return z.NEVER;
    }
    return parsed.data;
  });

const contextShape = {
  /** N12: an AWS region in an EU/EEA member state. */
  region: z
    .string({ error: (issue) => new RegionNotAllowedError(show(issue.input)).message })
    .refine(isEuRegion, { error: (issue) => new RegionNotAllowedError(String(issue.input)).message })
    .default(DEFAULT_REGION),
  /** N13: months a call and its recording are kept after the call ended. */
  retentionMonths: wholeMonths('retentionMonths', DEFAULT_RETENTION_MONTHS).default(DEFAULT_RETENTION_MONTHS),
  /** N13 for chats: months a chat and its transcript are kept (default: retentionMonths). */
  chatRetentionMonths: wholeMonths('chatRetentionMonths', DEFAULT_RETENTION_MONTHS).optional(),
  /** N7: months audit entries and deletion receipts are kept. */
  auditRetentionMonths: wholeMonths('auditRetentionMonths', DEFAULT_AUDIT_RETENTION_MONTHS).default(
    DEFAULT_AUDIT_RETENTION_MONTHS,
  ),
  /** The survey SMS: GSM-7, one segment (default: the Finnish text in shared/surveys/text.ts). */
  surveyText: z
    .string({ error: problem('surveyText', 'the survey SMS text (GSM-7, one segment)') })
    .superRefine((text, ctx) => {
      try {
        assertSingleSegmentSms(text, 'surveyText');
      } catch (error) {
        ctx.addIssue({ code: 'custom', input: text, message: (error as Error).message });
      }
    })
    .optional(),
  /** The number or End User Messaging phone-number/pool ARN surveys are sent from (replies come back to it). */
  surveyOriginationIdentity: optionalText(
    'surveyOriginationIdentity',
    'an E.164 number (e.g. +358451234567) or an End User Messaging phone-number/pool ARN that can receive replies',
    (text) => surveySendEnv.shape.SURVEY_ORIGINATION_IDENTITY.safeParse(text).success,
  ),
  /**
   * Who may assume each ops role (infra/constructs/ops-roles.ts, docs/operations.md "Who may do
   * what"); a role not named is assumable by this account's IAM users, each only as itself.
   */
  opsRoleTrust,
  /**
   * Erasure needs a second officer's approval (four eyes) unless this is given: the documented
   * reason for letting one person erase (e.g. "single-DPO organisation, approved by the board
   * 2026-05"), at least 20 characters. It is recorded in the stack's outputs.
   */
  eraseSinglePersonReason: optionalText(
    'eraseSinglePersonReason',
    'a documented reason of at least 20 characters for letting one officer erase without a second',
    (text) => text.trim().length >= 20,
  ),
  /** Comma-separated allow-list of the hosts recordings may be pulled from (empty: no pulls). */
  recordingSourceHosts: optionalText(
    'recordingSourceHosts',
    'a comma-separated list of host names, each a host or *.domain without scheme, port or path, e.g. recordings.example.com,*.cc.example',
    hostList,
  ),
  /** Where alarms are e-mailed (optional; confirm the subscription e-mail after deploy). */
  alarmEmail: optionalText('alarmEmail', 'an e-mail address, e.g. oncall@example.com', (text) =>
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text),
  ),
  /** An https endpoint (chat webhook) that alarms are posted to (optional). */
  alarmWebhookUrl: optionalText(
    'alarmWebhookUrl',
    'an https URL that accepts SNS notifications, e.g. https://chat.example.com/hooks/oncall',
    (text) => /^https:\/\/[^\s/]+(\/\S*)?$/.test(text),
  ),
  /** Requests per second (steady rate) for the signed webhooks (POST /webhooks/calls, /webhooks/chats). */
  webhookThrottleRate: bounded('webhookThrottleRate', 1, 10_000, 50).default(
    CONTEXT_DEFAULTS.webhookThrottleRate,
  ),
  /** Burst for the webhooks. */
  webhookThrottleBurst: bounded('webhookThrottleBurst', 1, 5_000, 100).default(
    CONTEXT_DEFAULTS.webhookThrottleBurst,
  ),
  /** Requests per second for POST /webhooks/calls/recording-upload-url. */
  uploadUrlThrottleRate: bounded('uploadUrlThrottleRate', 1, 10_000, 10).default(
    CONTEXT_DEFAULTS.uploadUrlThrottleRate,
  ),
  uploadUrlThrottleBurst: bounded('uploadUrlThrottleBurst', 1, 5_000, 20).default(
    CONTEXT_DEFAULTS.uploadUrlThrottleBurst,
  ),
  /** Requests per second for every ops route (its own budget: webhook floods cannot starve ops). */
  opsThrottleRate: bounded('opsThrottleRate', 1, 10_000, 10).default(CONTEXT_DEFAULTS.opsThrottleRate),
  opsThrottleBurst: bounded('opsThrottleBurst', 1, 5_000, 20).default(CONTEXT_DEFAULTS.opsThrottleBurst),
  /** N10, cost: the account's monthly SMS spend limit in USD, as set by hand (docs/deploy.md). */
  smsMonthlySpendLimitUsd: bounded('smsMonthlySpendLimitUsd', 1, 1_000_000, 50).default(
    CONTEXT_DEFAULTS.smsMonthlySpendLimitUsd,
  ),
  /** N10, cost: alarm when month-to-date SMS spend reaches this share of the limit. */
  smsSpendAlarmShare: bounded('smsSpendAlarmShare', 0.1, 1, 0.8, false).default(
    CONTEXT_DEFAULTS.smsSpendAlarmShare,
  ),
  /** N10, cost: surveys per Helsinki day, all numbers together; past it they are skipped and counted. */
  surveyDailyCap: bounded('surveyDailyCap', 0, 1_000_000, 500).default(CONTEXT_DEFAULTS.surveyDailyCap),
  /** N10: the only countries survey SMS may go to (protect configuration), comma-separated ISO codes. */
  smsAllowedCountries: z
    .string({ error: problem('smsAllowedCountries', 'comma-separated ISO country codes, e.g. FI or FI,SE') })
    .refine(countryList, {
      error: problem('smsAllowedCountries', 'comma-separated ISO country codes, e.g. FI or FI,SE'),
    })
    .transform((text) => text.split(',').map((code) => code.trim()))
    .default(CONTEXT_DEFAULTS.smsAllowedCountries.split(',')),
  /** The platforms that may deliver webhooks, each with its own secret (ADR 0007). */
  platforms: platformList,
  /**
   * The public base URL of the webhooks as platforms call them (a custom domain), e.g.
   * https://hooks.example.fi; default: the HTTP API's own URL. Twilio signs the full URL, and we
   * check its signature against this configured URL, never one rebuilt from request headers.
   */
  webhookBaseUrl: optionalText(
    'webhookBaseUrl',
    'an https URL without a trailing slash, query or fragment, e.g. https://hooks.example.fi',
    (text) => /^https:\/\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~-]+)*$/i.test(text),
  ),
  /**
   * An Amazon Connect instance to wire natively (docs/platforms/amazon-connect.md): its CTR stream,
   * call recordings and chat transcripts come to this stack. It must be in the stack's region (N12).
   */
  connectInstanceArn: optionalText(
    'connectInstanceArn',
    'an Amazon Connect instance ARN, e.g. arn:aws:connect:eu-central-1:111122223333:instance/00000000-0000-0000-0000-000000000000',
    isConnectInstanceArn,
  ),
};

export type ContextKey = keyof typeof contextShape;
export const CONTEXT_KEYS = Object.keys(contextShape) as ContextKey[];

const contextSchema = z
  .object(contextShape)
  .superRefine(({ connectInstanceArn, region }, ctx) => {
    // N12: the instance's data may only come to a stack in its own (EU/EEA) region.
    const message =
      connectInstanceArn && isConnectInstanceArn(connectInstanceArn)
        ? connectInstanceRegionProblem(connectInstanceArn, region)
        : undefined;
    if (message) ctx.addIssue({ code: 'custom', input: connectInstanceArn, message });
  })
  .transform(({ chatRetentionMonths, ...config }) => ({
    ...config,
    chatRetentionMonths: chatRetentionMonths ?? config.retentionMonths,
  }));

/** The app's settings, validated, with their defaults applied. */
export type AppConfig = z.output<typeof contextSchema>;
/** What the stack needs (the region goes into its `env`). */
export type StackConfig = Omit<AppConfig, 'region'>;

/** Bad CDK context; the message has one line per problem. */
export class ContextError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ContextError';
  }
}

/**
 * With an Amazon Connect instance and no `-c region`, the stack goes to the instance's region (it
 * must be there anyway, N12), so `cdk synth -c connectInstanceArn=arn:aws:connect:eu-central-1:…`
 * is enough. An explicit region that differs is still refused, naming the region needed.
 */
function withConnectRegion(
  context: Readonly<Partial<Record<ContextKey, unknown>>>,
): Readonly<Partial<Record<ContextKey, unknown>>> {
  const { region, connectInstanceArn } = context;
  const regionGiven = region !== undefined && region !== null && region !== '';
  if (regionGiven || typeof connectInstanceArn !== 'string' || !isConnectInstanceArn(connectInstanceArn)) {
    return context;
  }
  const instanceRegion = parseConnectInstanceArn(connectInstanceArn).region;
  // An instance outside the EU/EEA keeps the default region: its one refusal names Frankfurt.
  return isEuRegion(instanceRegion) ? { ...context, region: instanceRegion } : context;
}

/** Validate the context values (missing keys take their defaults); throws a ContextError. */
export function parseContext(context: Readonly<Partial<Record<ContextKey, unknown>>>): AppConfig {
  const result = contextSchema.safeParse(withConnectRegion(context));
  if (!result.success) throw new ContextError(result.error.issues.map((issue) => issue.message));
  return result.data;
}

/** Read every key of `contextShape` from a construct's context and validate them together. */
export function readConfig(node: { tryGetContext(key: string): unknown }): AppConfig {
  return parseContext(Object.fromEntries(CONTEXT_KEYS.map((key) => [key, node.tryGetContext(key)])));
}
