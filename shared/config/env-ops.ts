import { z } from 'zod';

const name = z.string().min(1);

/** The ops API function's environment. */
export const opsEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  PEPPER_SECRET_ID: name,
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** Audit entries (and deletion receipts) are kept this long (N7). */
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
  DEFAULT_COUNTRY: z.string().length(2).default('FI'),
});
