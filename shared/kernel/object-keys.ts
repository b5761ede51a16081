import { isContactId } from './contact-id';

/**
 * Recording object keys: `recordings/<contactId>/<yyyy-mm-dd>-<n>.<ext>` — the contact id, the
 * UTC day the call was answered (the recording's start, N2) and the part number. Nothing else:
 * no phone number, name or provider URL ever appears in a key (N17).
 *
 * The contract carries one recording per call today, so `n` is always 1; it leaves room for
 * platforms that split long calls into parts without changing the key layout.
 */
export const RECORDINGS_PREFIX = 'recordings/';
/** Objects of contacts under dispute hold; the lifecycle expiry rule does not reach this prefix (N9). */
export const HOLDS_PREFIX = 'holds/';
/**
 * What an Amazon Connect instance writes itself (call recordings, chat transcripts), under
 * `connect/<kind>/…` with names Connect chooses; the lifecycle backstop covers it like recordings/.
 */
export const CONNECT_PREFIX = 'connect/';
/**
 * Connect's call recordings land here; each is handed over to `recordings/<contactId>/…` once its
 * CTR names it (shared/connect/recording-match.ts), and an unmatched one expires within days.
 */
export const CONNECT_CALL_RECORDINGS_KEYS = `${CONNECT_PREFIX}call-recordings/`;
/** Subject-access exports; expire within days. */
export const EXPORTS_PREFIX = 'exports/';

/** A contact's objects: `recordings/<contactId>/` normally, `holds/<contactId>/` while on hold. */
export const recordingsPrefix = (contactId: string) => `${RECORDINGS_PREFIX}${contactId}/`;
export const holdsPrefix = (contactId: string) => `${HOLDS_PREFIX}${contactId}/`;

/** One subject-access export bundle: `exports/<export id>.zip` (a random id, nothing personal). */
export const exportKey = (exportId: string) => `${EXPORTS_PREFIX}${exportId}.zip`;

const KEY = /^recordings\/((?:call|chat)-[0-9a-f]{32})\/(\d{4}-\d{2}-\d{2})-([1-9]\d?)\.([a-z0-9]{2,5})$/;

export function recordingKey(contactId: string, answeredAt: string, ext: string, part = 1): string {
  if (!isContactId(contactId)) throw new RangeError(`not a contact id: ${contactId}`);
  if (!/^[a-z0-9]{2,5}$/.test(ext)) throw new RangeError(`not a file extension: ${ext}`);
  const day = new Date(answeredAt).toISOString().slice(0, 10);
  return `${RECORDINGS_PREFIX}${contactId}/${day}-${part}.${ext}`;
}

/** Where a recording key's object lives while its contact is on hold: `holds/<contactId>/…` (N9). */
export function heldRecordingKey(key: string): string {
  return key.startsWith(RECORDINGS_PREFIX) ? `${HOLDS_PREFIX}${key.slice(RECORDINGS_PREFIX.length)}` : key;
}

/** Where a held object goes back to when its hold is released: `recordings/<contactId>/…`. */
export function releasedRecordingKey(key: string): string {
  return key.startsWith(HOLDS_PREFIX) ? `${RECORDINGS_PREFIX}${key.slice(HOLDS_PREFIX.length)}` : key;
}

export interface RecordingKeyParts {
  contactId: string;
  day: string;
  part: number;
  ext: string;
}

/** The parts of a recording key, or undefined for anything that is not one. */
export function parseRecordingKey(key: string): RecordingKeyParts | undefined {
  const match = KEY.exec(key);
  if (!match) return undefined;
  const [, contactId = '', day = '', part = '1', ext = ''] = match;
  return { contactId, day, part: Number(part), ext };
}
