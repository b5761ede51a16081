import * as z from 'zod';
import {
  DEFAULT_AUDIT_RETENTION_MONTHS,
  DEFAULT_CHAT_RETENTION_MONTHS,
  DEFAULT_RETENTION_MONTHS,
} from './expiry';

/**
 * Each function's environment is a zod schema in its feature folder (`shared/<feature>/env.ts`),
 * validated when the function starts. The CDK construct types each function's `environment` from
 * the same schema (infra/constructs/app-function.ts), so a missing variable fails at compile time.
 * This module holds the pieces every schema shares.
 */
export const envName = z.string().min(1);
export const months = z.coerce.number().int().min(1).max(120);

/** Retention settings (N13; N7 for the audit trail), with the one set of defaults. */
export const retentionEnv = {
  /** N13: months a call and its recording are kept after the call ended. */
  RETENTION_MONTHS: months.default(DEFAULT_RETENTION_MONTHS),
  /** N13: months a chat and its transcript are kept after the chat ended. */
  CHAT_RETENTION_MONTHS: months.default(DEFAULT_CHAT_RETENTION_MONTHS),
  /** N7: audit entries and deletion receipts are kept this long. */
  AUDIT_RETENTION_MONTHS: months.default(DEFAULT_AUDIT_RETENTION_MONTHS),
};

/** The country whose national number format is assumed when a number has no `+` prefix. */
export const defaultCountryEnv = z.string().length(2).default('FI');

export type EnvOf<S extends z.ZodObject> = { [K in keyof z.input<S>]: string };

/** Validate `process.env` against a function's schema; the message lists every problem. */
export function loadEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid function environment: ${problems}`);
  }
  return result.data;
}
