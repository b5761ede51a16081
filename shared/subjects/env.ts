import * as z from 'zod/mini';
import { envName as name } from '../kernel/env';
import { MAX_EXPORT_BYTES } from './export';

/** The subject-export function's environment (SQS-triggered, streams the bundle to S3). */
export const subjectExportEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  /** A bundle's size cap in bytes; at most (and by default) what one multipart upload holds. */
  EXPORT_MAX_BYTES: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_EXPORT_BYTES)),
    MAX_EXPORT_BYTES,
  ),
});
