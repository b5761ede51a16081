import * as z from 'zod/mini';
import { envName, retentionEnv } from '../kernel/env';

/** functions/connect-transcript: Amazon Connect chat transcripts (S3) -> chats. */
export const connectTranscriptEnv = z.object({
  CONTACTS_TABLE: envName,
  RECORDINGS_BUCKET: envName,
  PEPPER_SECRET_ID: envName,
  CHAT_RETENTION_MONTHS: retentionEnv.CHAT_RETENTION_MONTHS,
});
