import { z } from 'zod';
import { defaultCountryEnv, envName, retentionEnv } from '../kernel/env';
import { MAX_EXPORT_BYTES } from '../subjects/export';

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
});

/** The subject-export function's environment (SQS-triggered, streams the bundle to S3). */
export const subjectExportEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  /** A bundle's size cap in bytes; at most (and by default) what one multipart upload holds. */
  EXPORT_MAX_BYTES: z.coerce.number().int().min(1).max(MAX_EXPORT_BYTES).default(MAX_EXPORT_BYTES),
});
