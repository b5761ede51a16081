import type { CallRecord } from '../calls/call-record';
import type { CallStore } from '../calls/call-store';
import { isExpired } from '../kernel/expiry';
import { recordingKey } from '../kernel/object-keys';
import type { RecordingObjects } from '../recordings/landed';
import type { ContactTraceRecord } from './contract';
import type { RecordingLinks } from './recording-links';
import { extensionOf, recordingKeysOf } from './recording-location';

/**
 * An unmatched Connect recording is deleted this many days after it landed (the bucket's
 * `ExpireConnectOrphans` rule), and its link expires with it. A CTR can only name it while it
 * is on the stream (24 h) plus the mapping's retries, so after that nothing will ever match it.
 */
export const CONNECT_ORPHAN_DAYS = 3;

export interface ConnectRecordingDeps {
  links: RecordingLinks;
  calls: Pick<CallStore, 'getCall'>;
  objects: Pick<RecordingObjects, 'delete'> & {
    /** Copy unless `to` already exists (shared/recordings/s3-recording-objects.ts). */
    copyIfAbsent(from: string, to: string): Promise<'copied' | 'source-gone' | 'target-exists'>;
  };
  now?: () => Date;
}

export type HandOverOutcome =
  /** Copied to `recordings/<contactId>/…` (where the landed function checks it) and deleted here. */
  | 'handed-over'
  /** The object has not landed yet (or was handed over already): its arrival does it. */
  | 'not-landed'
  /**
   * The call's recording key holds an object already (another leg's recording, or this one from
   * an earlier try): it is never replaced, and this object is deleted from connect/.
   */
  | 'already-recorded'
  /** The call's own CTR has not been stored yet, or it has not ended: a later CTR does it. */
  | 'waiting-for-call'
  /** The call is gone (expired, erased) or was never stored (N13): the object is deleted. */
  | 'deleted';

/**
 * Hand a matched Connect recording to the path every recording takes: copy it to its contact's
 * recordings/ key, where the landed function checks the bytes are audio, the N2 bounds, holds
 * (N9) and expiry (N13), and delete it from connect/. Idempotent: once handed over the object is
 * gone from connect/, and a repeated copy of the same bytes is recorded the same way.
 */
export async function handOver(
  objectKey: string,
  call: CallRecord | undefined,
  deps: ConnectRecordingDeps,
): Promise<HandOverOutcome> {
  const now = deps.now?.() ?? new Date();
  if (!call || isExpired(call, now)) {
    await deps.objects.delete(objectKey);
    return 'deleted';
  }
  // Only once the call's own CTR is in and the call has ended: the landed check would otherwise
  // find no answer time or no end yet.
  if (call.sourceUpdatedAt === undefined || !call.endedAt) return 'waiting-for-call';
  const day = call.answeredAt ?? call.startedAt ?? call.endedAt;
  const target = recordingKey(call.contactId, day, extensionOf(objectKey));
  // Every leg's recording maps to the call's one key: a second must not overwrite the first
  // (the bucket keeps no versions, so the recorded audio would be lost: N9).
  const copied = await deps.objects.copyIfAbsent(objectKey, target);
  if (copied === 'source-gone') return 'not-landed';
  await deps.objects.delete(objectKey);
  return copied === 'copied' ? 'handed-over' : 'already-recorded';
}

/**
 * A CTR was stored (its call is `call`, undefined when the CTR was not stored: expired): link each
 * recording it names to the call, then hand over those that have landed. The link is written
 * before the copy is tried, and the object side reads the link after its object exists, so in
 * either order one side finds both.
 */
export async function matchCtrRecordings(
  ctr: ContactTraceRecord,
  call: CallRecord | undefined,
  deps: ConnectRecordingDeps,
): Promise<HandOverOutcome[]> {
  const now = deps.now?.() ?? new Date();
  const outcomes: HandOverOutcome[] = [];
  for (const key of recordingKeysOf(ctr)) {
    if (call) await deps.links.link(key, call.contactId, linkExpiry(now));
    outcomes.push(await handOver(key, call, deps));
  }
  return outcomes;
}

/** An object landed under connect/call-recordings/. */
export async function matchLandedRecording(
  objectKey: string,
  deps: ConnectRecordingDeps,
): Promise<HandOverOutcome | 'waiting-for-ctr'> {
  const contactId = await deps.links.contactOf(objectKey);
  if (!contactId) return 'waiting-for-ctr';
  const stored = await deps.calls.getCall(contactId);
  return handOver(objectKey, stored?.record, deps);
}

const linkExpiry = (now: Date) => Math.floor(now.getTime() / 1000) + CONNECT_ORPHAN_DAYS * 86_400;
