import * as z from 'zod/mini';
import { platformsEnv } from '../kernel/platforms';

/** Environments of the recording functions (see docs/recordings.md for each setting). */
const name = z.string().check(z.minLength(1));
/** 1 GiB: a four-hour 16 kHz mono WAV is about 460 MB. */
const maxBytes = z._default(z.coerce.number().check(z.int(), z.gte(1024)), 1024 ** 3);

/** Shared by the call webhook (URL check at the door) and the fetch worker (every hop). */
export const recordingSourceEnv = {
  /** Comma-separated allow-list: `host` or `*.example.com`. Empty = no pulls accepted. */
  RECORDING_SOURCE_HOSTS: z._default(z.string(), ''),
  /** Local mode and tests only: `host:port` reachable over http on a local address. Never set in AWS. */
  RECORDING_TRUSTED_LOCAL_ENDPOINTS: z._default(z.string(), ''),
};

export const recordingFetchEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  RECORDING_FETCH_QUEUE_URL: name,
  /** Optional secret `{"<host>": {"authorization": "Bearer ..."}}`: headers sent to that host only. */
  RECORDING_SOURCE_SECRET_ID: z._default(z.string(), ''),
  /** The platform registry: a native source's job (Twilio) is authenticated with its platform's secret. */
  PLATFORMS: platformsEnv,
  RECORDING_MAX_BYTES: maxBytes,
  /** First retry wait (seconds); doubles per attempt up to 15 minutes. Local mode uses 1. */
  RECORDING_FETCH_RETRY_BASE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(900)), 30),
  ...recordingSourceEnv,
});

export const recordingLandedEnv = z.object({
  CONTACTS_TABLE: name,
  RECORDINGS_BUCKET: name,
  RECORDING_MAX_BYTES: maxBytes,
});

export const recordingUploadUrlEnv = z.object({
  CONTACTS_TABLE: name,
  /** Webhook-id deduplication: a replayed request gets the first answer, never a fresh URL. */
  IDEMPOTENCY_TABLE: name,
  RECORDINGS_BUCKET: name,
  /** The platform registry (shared/kernel/platforms.ts): slug -> kind and secret. */
  PLATFORMS: platformsEnv,
  RECORDING_MAX_BYTES: maxBytes,
  /** Presigned PUTs live this long (seconds). */
  RECORDING_UPLOAD_URL_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(60), z.lte(3600)), 300),
});
