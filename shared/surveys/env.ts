import * as z from 'zod/mini';
import {
  DEFAULT_REPLY_HOURS,
  DEFAULT_SURVEY_POLICY,
  parseCountries,
  parseWindow,
  type SurveyPolicy,
} from './policy';
import { assertSingleSegmentSms, DEFAULT_SURVEY_TEXT } from './text';

/**
 * Survey settings (docs/surveys.md). Kept apart from env.ts, which spreads `surveySchedulerEnv`
 * into the call webhook's environment; this file imports nothing from env.ts so the two can
 * never form an import cycle.
 */
const name = z.string().check(z.minLength(1));
const fromRangeError =
  <T>(parse: (text: string) => T) =>
  (text: string, ctx: z.core.ParsePayload): T => {
    try {
      return parse(text);
    } catch (error) {
      ctx.issues.push({ code: 'custom', message: (error as Error).message, input: text });
      return z.NEVER;
    }
  };
/** A number setting from its text: coerced, bounded, with a default. */
const numberSetting = (fallback: number, ...checks: z.core.$ZodCheck<number>[]) =>
  z._default(z.coerce.number().check(...checks), fallback);
/** An SMS text: GSM-7 only, one segment (validated at start, as at synth time). */
const smsText = (fallback: string | undefined, field: string) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((text: string | undefined, ctx) => {
      const value = text ?? fallback;
      if (value === undefined || value === '') return undefined;
      return fromRangeError((t) => {
        assertSingleSegmentSms(t, field);
        return t;
      })(value, ctx);
    }),
  );
/** E.164 number or an End User Messaging phone-number/pool ARN that can receive replies. */
const originationIdentity = z.optional(
  z.string().check(
    z.regex(/^(\+[1-9]\d{6,14}|arn:aws[\w-]*:sms-voice:[\w-]+:\d{12}:(phone-number|pool)\/[\w-]+)$/, {
      message: 'must be an E.164 number (+358...) or a phone number/pool ARN that can receive replies',
    }),
  ),
);

/** Who and when (used by the call webhook to schedule, and by the sender to re-check). */
export const surveyPolicyEnv = z.object({
  SURVEY_COUNTRIES: z.pipe(
    z._default(z.string(), DEFAULT_SURVEY_POLICY.countries.join(',')),
    z.transform(fromRangeError(parseCountries)),
  ),
  SURVEY_COOLDOWN_DAYS: numberSetting(DEFAULT_SURVEY_POLICY.cooldownDays, z.int(), z.gte(0), z.lte(365)),
  SURVEY_SAMPLING_RATE: numberSetting(DEFAULT_SURVEY_POLICY.samplingRate, z.gte(0), z.lte(1)),
  SURVEY_DELAY_SECONDS: numberSetting(DEFAULT_SURVEY_POLICY.delaySeconds, z.int(), z.gte(0), z.lte(86_400)),
  SURVEY_WINDOW: z.pipe(z._default(z.string(), '09:00-20:00'), z.transform(fromRangeError(parseWindow))),
  SURVEY_MAX_AGE_HOURS: numberSetting(DEFAULT_SURVEY_POLICY.maxAgeHours, z.gte(1), z.lte(72)),
});

/** What the call webhook needs to schedule surveys: the policy and the queue. */
export const surveySchedulerEnv = z.extend(surveyPolicyEnv, { SURVEY_QUEUE_URL: name });

export const surveySendEnv = z.extend(surveySchedulerEnv, {
  CONTACTS_TABLE: name,
  PEPPER_SECRET_ID: name,
  SURVEY_TEXT: smsText(DEFAULT_SURVEY_TEXT, 'SURVEY_TEXT'),
  SURVEY_ORIGINATION_IDENTITY: originationIdentity,
  /** N10: surveys per Helsinki day, all numbers together; past it they are skipped and counted. */
  SURVEY_DAILY_CAP: z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
});

export const surveyReplyEnv = z.object({
  CONTACTS_TABLE: name,
  PEPPER_SECRET_ID: name,
  SURVEY_REPLY_HOURS: numberSetting(DEFAULT_REPLY_HOURS, z.gte(1), z.lte(24 * 14)),
  /** Optional one-time confirmation to a number that opted out; unset = none. */
  SURVEY_OPTOUT_CONFIRMATION: smsText(undefined, 'SURVEY_OPTOUT_CONFIRMATION'),
  SURVEY_ORIGINATION_IDENTITY: originationIdentity,
});

export function surveyPolicyFrom(env: z.output<typeof surveyPolicyEnv>): SurveyPolicy {
  return {
    countries: env.SURVEY_COUNTRIES,
    cooldownDays: env.SURVEY_COOLDOWN_DAYS,
    samplingRate: env.SURVEY_SAMPLING_RATE,
    delaySeconds: env.SURVEY_DELAY_SECONDS,
    window: env.SURVEY_WINDOW,
    maxAgeHours: env.SURVEY_MAX_AGE_HOURS,
  };
}
