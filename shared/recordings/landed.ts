import { ConcurrentUpdateError } from '../kernel/errors';
import { isExpired } from '../kernel/expiry';
import { heldRecordingKey, parseRecordingKey } from '../kernel/object-keys';
import { CallNotReadyError } from './errors';
import { isAudio, sniffAudio } from './format';
import { type RecordingStore, recordingEligibility, type StoredRecording } from './recording';

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
  /** Server-side copy; false when the source is gone. */
  copy(from: string, to: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export interface LandedDeps {
  recordings: RecordingStore;
  objects: RecordingObjects;
  maxBytes: number;
  now?: () => Date;
}

const MAX_ATTEMPTS = 5;

export type LandedOutcome =
  | { outcome: 'recorded'; contactId: string; recording: StoredRecording }
  | { outcome: 'deleted'; contactId?: string; reason: string }
  /** Other bytes under the recorded key: nothing re-recorded, nothing deleted, the contact flagged. */
  | { outcome: 'overwrite-refused'; contactId: string; reason: string }
  | { outcome: 'ignored'; reason: string };

/**
 * An object was created under `recordings/` (pushed by a platform or pulled by the fetch job).
 * Keep it only if the bytes are audio (magic numbers, not the declared type), it is within the
 * size cap, and its contact is an answered, ended, live call (N2, N13); then record key, size,
 * SHA-256, format, duration and the bounds answeredAt..endedAt on the contact. Anything else is
 * deleted and, where the contact exists, flagged. Idempotent: a redelivered event for the same
 * object records the same fields again. A recorded key is never re-recorded with other bytes and
 * never deleted: other bytes under it are flagged (`overwrite-refused`) and left alone. A contact under dispute hold (N9) gets its recording
 * under `holds/<id>/` (moved on arrival, out of the lifecycle rule's reach) and no expiry.
 */
export async function recordLandedObject(key: string, deps: LandedDeps): Promise<LandedOutcome> {
  const now = deps.now?.() ?? new Date();
  const parts = parseRecordingKey(key);
  if (!parts) return remove(deps, key, undefined, 'the key is not a recording key', now);
  const { contactId } = parts;

  let contact = await deps.recordings.getContact(contactId);
  const eligibility = recordingEligibility(contact, now);
  if (eligibility.kind === 'expired')
    return remove(deps, key, undefined, 'the contact has expired (N13)', now);
  if (eligibility.kind === 'refused') return remove(deps, key, contactId, eligibility.reason, now);
  // Upload URLs and pulls are only issued once the call has ended, so this is a race at most: retry.
  if (eligibility.kind === 'not-ready') throw new CallNotReadyError(contactId, eligibility.reason);
  if (contact?.recording && !sameRecording(contact.recording.key, key)) {
    return remove(
      deps,
      key,
      undefined,
      `a recording is already stored for this contact (${contact.recording.key})`,
      now,
    );
  }

  // A contact under hold keeps its audio under holds/ (N9): a hold placed after the object
  // landed may have moved it there already.
  const held = heldRecordingKey(key);
  let source = key;
  let object = await deps.objects.inspect(key);
  if (!object && contact?.call.hold) {
    object = await deps.objects.inspect(held);
    source = held;
  }
  if (!object) return { outcome: 'ignored', reason: 'the object is gone already' };
  const recorded = contact?.recording;
  if (recorded && sameRecording(recorded.key, key) && recorded.sha256 !== object.sha256) {
    // Evidence (N9): a recorded recording is never replaced or destroyed. S3 refuses a second PUT
    // to a recorded key (create-only URLs); should other bytes arrive anyway, the contact keeps the
    // recorded SHA-256, the object is left for investigation, and the event is flagged.
    const reason = `other bytes arrived under the recorded key (SHA-256 ${object.sha256}); the recording stays as recorded (SHA-256 ${recorded.sha256}) and nothing was deleted`;
    await deps.recordings.flagProblem(contactId, { reason, at: now.toISOString(), key: source });
    return { outcome: 'overwrite-refused', contactId, reason };
  }
  if (object.size > deps.maxBytes) {
    return remove(
      deps,
      source,
      contactId,
      `the object is ${object.size} bytes, over the ${deps.maxBytes}-byte limit`,
      now,
    );
  }
  const sniffed = sniffAudio(object.head, { size: object.size, tail: object.tail });
  if (!isAudio(sniffed)) return remove(deps, source, contactId, `not audio: ${sniffed.notAudio}`, now);

  if (
    contact?.call.hold &&
    source === key &&
    contact.recording?.key === held &&
    contact.recording.sha256 === object.sha256
  ) {
    // The same audio is held already: this is the copy a release puts back (or a repeated push).
    // Deleting it could race the release and lose the audio, so it is left alone.
    return { outcome: 'ignored', reason: 'the same recording is already stored under holds/' };
  }

  let copied = false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const isHeld = Boolean(contact?.call.hold);
    // Copy first, record the held key, delete the original last: the audio always exists
    // under the key META names. A failed copy means a hold's own move got there first.
    if (isHeld && source === key && !copied) copied = await deps.objects.copy(key, held);
    const recording: StoredRecording = {
      key: isHeld ? held : key,
      size: object.size,
      sha256: object.sha256,
      format: sniffed.format,
      contentType: sniffed.contentType,
      ...(sniffed.durationSeconds !== undefined ? { durationSeconds: sniffed.durationSeconds } : {}),
      startsAt: eligibility.startsAt,
      endsAt: eligibility.endsAt,
      storedAt: sameRecording(contact?.recording?.key, key)
        ? (contact?.recording?.storedAt ?? now.toISOString())
        : now.toISOString(),
    };
    if (await deps.recordings.saveRecording(contactId, recording, now, isHeld)) {
      if (isHeld && source === key) await deps.objects.delete(key);
      // Released meanwhile: the original stays under recordings/, the copy is not needed.
      if (!isHeld && copied) await deps.objects.delete(held);
      return { outcome: 'recorded', contactId, recording };
    }
    // Expired, erased, or a hold was placed or released meanwhile: look again.
    contact = await deps.recordings.getContact(contactId);
    if (!contact || isExpired(contact.call, now)) {
      if (copied) await deps.objects.delete(held);
      return remove(
        deps,
        source,
        undefined,
        'the contact expired or was erased while the object was checked',
        now,
      );
    }
  }
  throw new ConcurrentUpdateError(contactId);
}

/** The stored recording is this object, under recordings/ or (held) under holds/. */
function sameRecording(stored: string | undefined, key: string): boolean {
  return stored !== undefined && (stored === key || stored === heldRecordingKey(key));
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
