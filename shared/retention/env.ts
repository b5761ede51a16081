import * as z from 'zod/mini';
import { envName as name, retentionEnv } from '../kernel/env';

const count = z.coerce.number().check(z.int(), z.gte(1));

/** The retention sweep's environment (functions/retention-sweep.ts). */
export const sweepEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  /** Contacts deleted per run at most; the next hourly run continues (bounded work). */
  SWEEP_MAX_CONTACTS: z._default(count, 20000),
  SWEEP_CONCURRENCY: z._default(count.check(z.lte(64)), 16),
  /** Deletion receipts are kept this long (same as the audit trail). */
  AUDIT_RETENTION_MONTHS: retentionEnv.AUDIT_RETENTION_MONTHS,
  /** Subject-access exports are deleted this many days after they were made. */
  EXPORT_RETENTION_DAYS: z._default(count.check(z.lte(30)), 3),
  /** Only with a Connect instance: where a swept Connect contact's redaction is queued. */
  CONNECT_REDACTION_QUEUE_URL: z.optional(name),
});
