import * as z from 'zod';
import { defaultCountryEnv, envName, retentionEnv } from '../kernel/env';
import { ZIP_MAX_BYTES } from '../subjects/zip';

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
  /** A bundle's size limit in bytes; at most 4 GiB - 1 (a ZIP without ZIP64). */
  EXPORT_MAX_BYTES: z.coerce.number().int().min(1).max(ZIP_MAX_BYTES).default(ZIP_MAX_BYTES),
});
