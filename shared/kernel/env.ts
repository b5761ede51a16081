import * as z from 'zod/mini';
import {
  DEFAULT_AUDIT_RETENTION_MONTHS,
  DEFAULT_CHAT_RETENTION_MONTHS,
  DEFAULT_RETENTION_MONTHS,
} from './expiry';
import './zod-messages';

/**
 * Each function's environment is a zod schema in its feature folder (`shared/<feature>/env.ts`),
 * validated when the function starts. The CDK construct types each function's `environment` from
 * the same schema (infra/constructs/app-function.ts), so a missing variable fails at compile time.
 * This module holds the pieces every schema shares.
 */
export const envName = z.string().check(z.minLength(1));

/** The bounds of every retention setting, in months (infra/config.ts names them in its messages). */
export const MONTHS_RANGE = { min: 1, max: 120 } as const;
export const months = z.coerce.number().check(z.int(), z.gte(MONTHS_RANGE.min), z.lte(MONTHS_RANGE.max));

/** Retention settings (N13; N7 for the audit trail), with the one set of defaults. */
export const retentionEnv = {
  /** N13: months a call and its recording are kept after the call ended. */
  RETENTION_MONTHS: z._default(months, DEFAULT_RETENTION_MONTHS),
  /** N13: months a chat and its transcript are kept after the chat ended. */
  CHAT_RETENTION_MONTHS: z._default(months, DEFAULT_CHAT_RETENTION_MONTHS),
  /** N7: audit entries and deletion receipts are kept this long. */
  AUDIT_RETENTION_MONTHS: z._default(months, DEFAULT_AUDIT_RETENTION_MONTHS),
};

/** The country whose national number format is assumed when a number has no `+` prefix. */
export const defaultCountryEnv = z._default(z.string().check(z.length(2)), 'FI');

/** Any object schema (every function's is a zod/mini one). */
type EnvSchema = z.core.$ZodObject;

export type EnvOf<S extends EnvSchema> = { [K in keyof z.input<S>]: string };

/** Validate `process.env` against a function's schema; the message lists every problem. */
export function loadEnv<S extends EnvSchema>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = z.safeParse(schema, env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid function environment: ${problems}`);
  }
  return result.data;
}
