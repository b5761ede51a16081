import { contactIdFor } from '../kernel/contact-id';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { recordingKey } from '../kernel/object-keys';
import type { RecordingAvailableEvent, RecordingUploadRequest } from './contract';
import { CallNotReadyError, RecordingAlreadyStoredError, RecordingRefusedError } from './errors';
import type { FetchJob } from './fetch-job';
import { UPLOAD_CONTENT_TYPES } from './format';
import { type RecordingStore, recordingEligibility } from './recording';
import { checkSourceUrl, type SourcePolicy } from './source-policy';

export type { FetchJob } from './fetch-job';

/** Port: the durable queue of pull jobs (SQS in AWS, the local SQS stand-in under `npm start`). */
export interface FetchQueue {
  /** Resolves only once the job is durably enqueued. */
  enqueue(job: FetchJob): Promise<void>;
}

export interface AcceptRecordingDeps {
  recordings: RecordingStore;
  queue: FetchQueue;
  policy: SourcePolicy;
  now?: () => Date;
}

export type AcceptOutcome = 'queued' | 'expired' | 'already-stored';

/**
 * `recording.available`: check the URL against the source policy (400 at the door), refuse a
 * never-answered call (N2), ignore an expired contact (N13) or one whose recording is stored,
 * otherwise enqueue a pull job. Nothing is fetched here: the webhook answers in milliseconds.
 * A recording announced before call.ended is queued; the job waits for the call to end.
 */
export async function acceptRecordingAvailable(
  event: RecordingAvailableEvent,
  deps: AcceptRecordingDeps,
  source?: FetchJob['source'],
): Promise<{ contactId: string; outcome: AcceptOutcome }> {
  const { data } = event;
  const contactId = contactIdFor('call', data.provider, data.callId);
  checkSourceUrl(data.url, deps.policy, 'data.url');
  const now = deps.now?.() ?? new Date();
  const contact = await deps.recordings.getContact(contactId);
  const eligibility = recordingEligibility(contact, now);
  if (eligibility.kind === 'expired') return { contactId, outcome: 'expired' };
  if (eligibility.kind === 'refused') throw new RecordingRefusedError(contactId, eligibility.reason);
  if (contact?.recording) return { contactId, outcome: 'already-stored' };
  if (source?.startsAt && source.endsAt) {
    await deps.recordings.saveSourceBounds(contactId, { startsAt: source.startsAt, endsAt: source.endsAt });
  }
  await deps.queue.enqueue({
    contactId,
    url: data.url,
    receivedAt: now.toISOString(),
    ...(source ? { source } : {}),
  });
  return { contactId, outcome: 'queued' };
}

/** What a presigned PUT pins: every field is signed into the URL. */
export interface UploadUrlRequest {
  key: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 the object must have (S3 checks it), when the platform gave one. */
  sha256?: string;
  expiresInSeconds: number;
}

/**
 * Port: presigned S3 PUT URLs. Create-only: the URL carries `If-None-Match: *` in its signature,
 * so S3 refuses a PUT to a key that already holds an object (a reused URL cannot replace audio).
 */
export interface UploadUrlSigner {
  /** The URL and the headers the uploader must send with it (they are signed). */
  presignPut(request: UploadUrlRequest): Promise<{ url: string; headers: Record<string, string> }>;
}

export interface UploadUrlDeps {
  recordings: RecordingStore;
  signer: UploadUrlSigner;
  maxBytes: number;
  expiresInSeconds: number;
  now?: () => Date;
}

export interface UploadUrl {
  contactId: string;
  key: string;
  method: 'PUT';
  url: string;
  /** Send exactly these headers with the PUT: they are part of the signature. */
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * `recording.upload-requested`: a create-only presigned PUT (short expiry; content type, length
 * and, when given, SHA-256 pinned) for the contact's recording key, only for an answered call that has ended (N2) and has no
 * recording yet. The object is checked again when it lands (recording-landed).
 */
export async function issueUploadUrl(
  request: RecordingUploadRequest,
  deps: UploadUrlDeps,
): Promise<UploadUrl> {
  const { data } = request;
  const contactId = contactIdFor('call', data.provider, data.callId);
  if (data.size > deps.maxBytes) {
    throw new ValidationError(`data.size ${data.size} is over the ${deps.maxBytes}-byte recording limit`, [
      { path: 'data.size', message: `must be at most ${deps.maxBytes}` },
    ]);
  }
  const now = deps.now?.() ?? new Date();
  const contact = await deps.recordings.getContact(contactId);
  const eligibility = recordingEligibility(contact, now);
  if (eligibility.kind === 'expired') throw new NotFoundError(`contact ${contactId}`);
  if (eligibility.kind === 'refused') throw new RecordingRefusedError(contactId, eligibility.reason);
  if (eligibility.kind === 'not-ready') throw new CallNotReadyError(contactId, eligibility.reason);
  if (contact?.recording) throw new RecordingAlreadyStoredError(contactId);

  const ext = UPLOAD_CONTENT_TYPES[data.contentType] ?? 'bin';
  const key = recordingKey(contactId, eligibility.startsAt, ext);
  const { url, headers } = await deps.signer.presignPut({
    key,
    contentType: data.contentType,
    size: data.size,
    expiresInSeconds: deps.expiresInSeconds,
    ...(data.sha256 ? { sha256: data.sha256 } : {}),
  });
  return {
    contactId,
    key,
    method: 'PUT',
    url,
    headers,
    expiresAt: new Date(now.getTime() + deps.expiresInSeconds * 1000).toISOString(),
  };
}
