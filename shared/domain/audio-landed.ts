import { CallNotReadyError } from './audio-errors';
import { isAudio, sniffAudio } from './audio-format';
import { parseRecordingKey } from './audio-key';
import { type RecordingStore, recordingEligibility, type StoredRecording } from './audio-recording';

/** What the landed function learns by streaming an object once. */
export interface ObjectInspection {
  size: number;
  /** Hex SHA-256 of the whole object. */
  sha256: string;
  /** The first HEAD_BYTES bytes. */
  head: Uint8Array;
  /** The last TAIL_BYTES bytes. */
  tail: Uint8Array;
}

/** Port: the recordings bucket, as the landed function needs it. */
export interface RecordingObjects {
  /** Stream the object once; undefined when it is gone already (a redelivered event). */
  inspect(key: string): Promise<ObjectInspection | undefined>;
  delete(key: string): Promise<void>;
}

export interface LandedDeps {
  recordings: RecordingStore;
  objects: RecordingObjects;
  maxBytes: number;
  now?: () => Date;
}

export type LandedOutcome =
  | { outcome: 'recorded'; contactId: string; recording: StoredRecording }
  | { outcome: 'deleted'; contactId?: string; reason: string }
  | { outcome: 'ignored'; reason: string };

/**
 * An object was created under `recordings/` (pushed by a platform or pulled by the fetch job).
 * Keep it only if the bytes are audio (magic numbers, not the declared type), it is within the
 * size cap, and its contact is an answered, ended, live call (N2, N13); then record key, size,
 * SHA-256, format, duration and the bounds answeredAt..endedAt on the contact. Anything else is
 * deleted and, where the contact exists, flagged. Idempotent: a redelivered event for the same
 * object records the same fields again.
 */
export async function recordLandedObject(key: string, deps: LandedDeps): Promise<LandedOutcome> {
  const now = deps.now?.() ?? new Date();
  const parts = parseRecordingKey(key);
  if (!parts) return remove(deps, key, undefined, 'the key is not a recording key', now);
  const { contactId } = parts;

  const contact = await deps.recordings.getContact(contactId);
  const eligibility = recordingEligibility(contact, now);
  if (eligibility.kind === 'expired')
    return remove(deps, key, undefined, 'the contact has expired (N13)', now);
  if (eligibility.kind === 'refused') return remove(deps, key, contactId, eligibility.reason, now);
  // Upload URLs and pulls are only issued once the call has ended, so this is a race at most: retry.
  if (eligibility.kind === 'not-ready') throw new CallNotReadyError(contactId, eligibility.reason);
  if (contact?.recording && contact.recording.key !== key) {
    return remove(
      deps,
      key,
      undefined,
      `a recording is already stored for this contact (${contact.recording.key})`,
      now,
    );
  }

  const object = await deps.objects.inspect(key);
  if (!object) return { outcome: 'ignored', reason: 'the object is gone already' };
  if (object.size > deps.maxBytes) {
    return remove(
      deps,
      key,
      contactId,
      `the object is ${object.size} bytes, over the ${deps.maxBytes}-byte limit`,
      now,
    );
  }
  const sniffed = sniffAudio(object.head, { size: object.size, tail: object.tail });
  if (!isAudio(sniffed)) return remove(deps, key, contactId, `not audio: ${sniffed.notAudio}`, now);

  const recording: StoredRecording = {
    key,
    size: object.size,
    sha256: object.sha256,
    format: sniffed.format,
    contentType: sniffed.contentType,
    ...(sniffed.durationSeconds !== undefined ? { durationSeconds: sniffed.durationSeconds } : {}),
    startsAt: eligibility.startsAt,
    endsAt: eligibility.endsAt,
    storedAt: contact?.recording?.key === key ? contact.recording.storedAt : now.toISOString(),
  };
  if (!(await deps.recordings.saveRecording(contactId, recording, now))) {
    return remove(
      deps,
      key,
      undefined,
      'the contact expired or was erased while the object was checked',
      now,
    );
  }
  return { outcome: 'recorded', contactId, recording };
}

async function remove(
  deps: LandedDeps,
  key: string,
  flagContactId: string | undefined,
  reason: string,
  now: Date,
): Promise<LandedOutcome> {
  await deps.objects.delete(key);
  if (flagContactId) await deps.recordings.flagProblem(flagContactId, { reason, at: now.toISOString(), key });
  return { outcome: 'deleted', ...(flagContactId ? { contactId: flagContactId } : {}), reason };
}
