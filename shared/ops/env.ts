import { z } from 'zod';
import { DEFAULT_CHAT_RETENTION_MONTHS } from '../chats/chat-record';
import { ZIP_MAX_BYTES } from '../subjects/zip';

const name = z.string().min(1);

/** The ops API function's environment. */
export const opsEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  PEPPER_SECRET_ID: name,
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** Chats' own retention (N13), as on the chat-events function: a released chat gets it back (N9). */
  CHAT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(DEFAULT_CHAT_RETENTION_MONTHS),
  /** Audit entries (and deletion receipts) are kept this long (N7). */
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
  DEFAULT_COUNTRY: z.string().length(2).default('FI'),
  /** Subject exports are queued here for the export function (functions/subject-export.ts). */
  EXPORT_QUEUE_URL: name,
});

/** The subject-export function's environment (SQS-triggered, streams the bundle to S3). */
export const subjectExportEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  /** A bundle's size limit in bytes; at most 4 GiB - 1 (a ZIP without ZIP64). */
  EXPORT_MAX_BYTES: z.coerce.number().int().min(1).max(ZIP_MAX_BYTES).default(ZIP_MAX_BYTES),
});
