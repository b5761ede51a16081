import * as z from 'zod';
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
const name = z.string().min(1);
const fromRangeError =
  <T>(parse: (text: string) => T) =>
  (text: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  };
/** An SMS text: GSM-7 only, one segment (validated at start, as at synth time). */
const smsText = (fallback: string | undefined, field: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      const value = text ?? fallback;
      if (value === undefined || value === '') return undefined;
      return fromRangeError((t) => {
        assertSingleSegmentSms(t, field);
        return t;
      })(value, ctx);
    });
/** E.164 number or an End User Messaging phone-number/pool ARN that can receive replies. */
const originationIdentity = z
  .string()
  .regex(/^(\+[1-9]\d{6,14}|arn:aws[\w-]*:sms-voice:[\w-]+:\d{12}:(phone-number|pool)\/[\w-]+)$/, {
    message: 'must be an E.164 number (+358...) or a phone number/pool ARN that can receive replies',
  })
  .optional();

/** Who and when (used by the call webhook to schedule, and by the sender to re-check). */
export const surveyPolicyEnv = z.object({
  SURVEY_COUNTRIES: z
    .string()
    .default(DEFAULT_SURVEY_POLICY.countries.join(','))
    .transform(fromRangeError(parseCountries)),
  SURVEY_COOLDOWN_DAYS: z.coerce.number().int().min(0).max(365).default(DEFAULT_SURVEY_POLICY.cooldownDays),
  SURVEY_SAMPLING_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_SURVEY_POLICY.samplingRate),
  SURVEY_DELAY_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(DEFAULT_SURVEY_POLICY.delaySeconds),
  SURVEY_WINDOW: z.string().default('09:00-20:00').transform(fromRangeError(parseWindow)),
  SURVEY_MAX_AGE_HOURS: z.coerce.number().min(1).max(72).default(DEFAULT_SURVEY_POLICY.maxAgeHours),
});

/** What the call webhook needs to schedule surveys: the policy and the queue. */
export const surveySchedulerEnv = surveyPolicyEnv.extend({ SURVEY_QUEUE_URL: name });

export const surveySendEnv = surveySchedulerEnv.extend({
  CONTACTS_TABLE: name,
  PEPPER_SECRET_ID: name,
  SURVEY_TEXT: smsText(DEFAULT_SURVEY_TEXT, 'SURVEY_TEXT'),
  SURVEY_ORIGINATION_IDENTITY: originationIdentity,
  /** N10: surveys per Helsinki day, all numbers together; past it they are skipped and counted. */
  SURVEY_DAILY_CAP: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

export const surveyReplyEnv = z.object({
  CONTACTS_TABLE: name,
  PEPPER_SECRET_ID: name,
  SURVEY_REPLY_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 14)
    .default(DEFAULT_REPLY_HOURS),
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
