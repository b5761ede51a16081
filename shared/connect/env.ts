import * as z from 'zod/mini';
import { defaultCountryEnv, envName, retentionEnv } from '../kernel/env';
import { surveySchedulerEnv } from '../surveys/env';

/** functions/connect-ctr: Amazon Connect CTRs from the Kinesis stream -> calls. */
export const connectCtrEnv = z.object({
  CONTACTS_TABLE: envName,
  /** Where matched call recordings are handed over from connect/ to recordings/. */
  RECORDINGS_BUCKET: envName,
  PEPPER_SECRET_ID: envName,
  RETENTION_MONTHS: retentionEnv.RETENTION_MONTHS,
  DEFAULT_COUNTRY: defaultCountryEnv,
  /** N13 for chats: a chat CTR makes its chat (shared/connect/chat-ctr.ts). */
  CHAT_RETENTION_MONTHS: retentionEnv.CHAT_RETENTION_MONTHS,
  /** N10: surveys as for every platform: the policy and the queue that schedules them. */
  ...surveySchedulerEnv.shape,
});

/** The CTR stream's event source mapping (infra/constructs/connect.ts). */
export const CTR_STREAM_SETTINGS = {
  batchSize: 100,
  /** A failing batch is retried at most this often (halved each time: bisect), then sent on. */
  retryAttempts: 3,
  timeoutSeconds: 60,
} as const;

/** functions/connect-recording: S3 ObjectCreated under connect/call-recordings/ -> its contact. */
export const connectRecordingEnv = z.object({
  CONTACTS_TABLE: envName,
  RECORDINGS_BUCKET: envName,
});
