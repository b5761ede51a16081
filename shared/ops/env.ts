import * as z from 'zod/mini';
import { defaultCountryEnv, envName, retentionEnv } from '../kernel/env';

const name = envName;

/** The ops API function's environment. */
export const opsEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  PEPPER_SECRET_ID: name,
  /** All three: holds restore a released contact's expiry (N9), chats with their own retention. */
  ...retentionEnv,
  DEFAULT_COUNTRY: defaultCountryEnv,
  /** Subject exports are queued here for the export function (functions/subject-export.ts). */
  EXPORT_QUEUE_URL: name,
  /** Only with a Connect instance: where an erased Connect contact's redaction is queued. */
  CONNECT_REDACTION_QUEUE_URL: z.optional(name),
  /** `{"<name>": {"url": "...", "sourceUrl": "..."}}`: the dead-letter queues ops may list and redrive. */
  DEAD_LETTER_QUEUES: z.optional(z.string()),
  /** The append-only audit trail (S3 Object Lock, compliance mode; shared/kernel/s3-audit-log.ts). */
  AUDIT_BUCKET: name,
  /**
   * Local mode only (local/emulators.ts): trust `x-ops-user` when no IAM authorizer identified the
   * caller. The stack never sets it (test/infra/ops-roles.test.ts); in AWS such a request gets 403.
   */
  OPS_LOCAL_IDENTITY: z.optional(z.literal('true')),
  /** `false` turns four-eyes erasure off (infra/config.ts `eraseFourEyes`, with a documented reason). */
  ERASE_FOUR_EYES: z.optional(z.enum(['true', 'false'])),
  /** `qaReviewer=<role name>,…`: the stack's ops roles, for the handler's second capability check. */
  OPS_ROLE_CAPABILITIES: z.optional(z.string()),
});
