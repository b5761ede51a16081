import { z } from 'zod';
import { recordingSourceEnv } from '../recordings/env';
import { surveySchedulerEnv } from '../surveys/env';

/**
 * Each function's environment as a zod schema, validated when the function starts. The CDK
 * construct types each function's `environment` from the same schema (infra/constructs/app-function.ts),
 * so a missing variable fails at compile time.
 */
const name = z.string().min(1);
const months = z.coerce.number().int().min(1).max(120);

export const webhookEnv = z.object({
  CONTACTS_TABLE: name,
  IDEMPOTENCY_TABLE: name,
  WEBHOOK_SECRET_ID: name,
  PEPPER_SECRET_ID: name,
  RETENTION_MONTHS: months.default(12),
  DEFAULT_COUNTRY: z.string().length(2).default('FI'),
  /** recording.available: the fetch queue and the source allow-list (shared/config/env-recordings.ts). */
  RECORDING_FETCH_QUEUE_URL: name,
  ...recordingSourceEnv,
  /** Surveys: the policy and the queue that schedules them (shared/config/env-surveys.ts). */
  ...surveySchedulerEnv.shape,
});

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
