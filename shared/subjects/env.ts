import * as z from 'zod';
import { envName as name } from '../kernel/env';
import { MAX_EXPORT_BYTES } from './export';

/** The subject-export function's environment (SQS-triggered, streams the bundle to S3). */
export const subjectExportEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  /** A bundle's size cap in bytes; at most (and by default) what one multipart upload holds. */
  EXPORT_MAX_BYTES: z.coerce.number().int().min(1).max(MAX_EXPORT_BYTES).default(MAX_EXPORT_BYTES),
});
