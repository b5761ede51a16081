import * as z from 'zod/mini';
import { defaultCountryEnv, envName, retentionEnv } from '../kernel/env';
import { platformsEnv } from '../kernel/platforms';
import { recordingSourceEnv } from '../recordings/env';
import { surveySchedulerEnv } from '../surveys/env';

/** functions/call-events: POST /webhooks/calls. */
export const webhookEnv = z.object({
  CONTACTS_TABLE: envName,
  IDEMPOTENCY_TABLE: envName,
  /** The platform registry (shared/kernel/platforms.ts): slug -> kind and secret. */
  PLATFORMS: platformsEnv,
  PEPPER_SECRET_ID: envName,
  RETENTION_MONTHS: retentionEnv.RETENTION_MONTHS,
  DEFAULT_COUNTRY: defaultCountryEnv,
  /** recording.available: the fetch queue and the source allow-list (shared/recordings/env.ts). */
  RECORDING_FETCH_QUEUE_URL: envName,
  ...recordingSourceEnv,
  /** Surveys: the policy and the queue that schedules them (shared/surveys/env.ts). */
  ...surveySchedulerEnv.shape,
});
