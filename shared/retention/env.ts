import * as z from 'zod';
import { envName as name, retentionEnv } from '../kernel/env';

const count = z.coerce.number().int().min(1);

/** The retention sweep's environment (functions/retention-sweep.ts). */
export const sweepEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  /** Contacts deleted per run at most; the next hourly run continues (bounded work). */
  SWEEP_MAX_CONTACTS: count.default(20000),
  SWEEP_CONCURRENCY: count.max(64).default(16),
  /** Deletion receipts are kept this long (same as the audit trail). */
  AUDIT_RETENTION_MONTHS: retentionEnv.AUDIT_RETENTION_MONTHS,
  /** Subject-access exports are deleted this many days after they were made. */
  EXPORT_RETENTION_DAYS: count.max(30).default(3),
});
