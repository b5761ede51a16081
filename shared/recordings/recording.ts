import type { CallRecord } from '../calls/call-record';
import { isExpired } from '../kernel/expiry';
import type { AudioFormat } from './format';

/** What the contact's META item says about its recording (set only by the landed function). */
export interface StoredRecording {
  key: string;
  size: number;
  sha256: string;
  format: AudioFormat;
  contentType: string;
  durationSeconds?: number;
  /** N2: the recording covers the call from answer ... */
  startsAt: string;
  /** ... to hang-up. */
  endsAt: string;
  storedAt: string;
}

/** Why a recording was not kept (flagged on META; no URL, no personal data). */
export interface RecordingProblem {
  reason: string;
  at: string;
  key?: string;
}

/**
 * Deleting the recording at its source once our copy is recorded (native sources such as
 * Twilio, which keep recordings until someone deletes them; N13). Never blocks our own copy.
 */
export interface SourceDeleteStatus {
  state: 'pending' | 'deleted' | 'failed';
  attempts: number;
  at: string;
  /** Why the last attempt failed (status code or network error; never a URL). */
  reason?: string;
}

export interface RecordingContact {
  call: CallRecord;
  recording?: StoredRecording;
  /** Why a recording was refused, deleted, or other bytes were kept off a recorded key. */
  recordingProblem?: RecordingProblem;
  /** Whether the recording has been deleted at its source (native sources only). */
  sourceDelete?: SourceDeleteStatus;
  /** N2: what the source says the recording covers (Twilio RecordingStartTime + RecordingDuration). */
  sourceBounds?: { startsAt: string; endsAt: string };
}

/** Port: the recording fields of a contact's META item (./dynamo-recording-store.ts). */
export interface RecordingStore {
  /** The call and its recording fields, expired or not; undefined when there is no such call. */
  getContact(contactId: string): Promise<RecordingContact | undefined>;
  /**
   * Set the recording fields (and clear any earlier problem) in one update that also does
   * `ADD version :one`. False when the contact no longer exists, has expired meanwhile, or is
   * (`held` false) / is no longer (`held` true) under a dispute hold (N9).
   */
  saveRecording(contactId: string, recording: StoredRecording, now: Date, held: boolean): Promise<boolean>;
  /** Record why a recording was refused or deleted, when the contact exists. */
  flagProblem(contactId: string, problem: RecordingProblem): Promise<void>;
  /** Record the state of the delete at the source, when the contact exists. */
  markSourceDelete(contactId: string, status: SourceDeleteStatus): Promise<void>;
  /** N2: record the bounds the source gives for the recording, when the contact exists. */
  saveSourceBounds(contactId: string, bounds: { startsAt: string; endsAt: string }): Promise<void>;
}

/**
 * How long after call.ended a missing answer time is taken to mean "never answered". Platforms
 * send call.answered before call.ended, but retried deliveries can arrive minutes late.
 */
export const ANSWER_GRACE_MS = 15 * 60 * 1000;

export type Eligibility =
  | { kind: 'ready'; startsAt: string; endsAt: string }
  | { kind: 'not-ready'; reason: string }
  | { kind: 'expired' }
  | { kind: 'refused'; reason: string };

/**
 * May this contact take a recording now?
 * - N13: an expired contact takes nothing (a late recording must not bring it back);
 * - N2: a call that ended without being answered has no recording, ever (after a grace period
 *   for a late call.answered);
 * - a call not known yet or not ended yet is "not yet": the pull retries later, the push is told to;
 * - otherwise the recording's bounds are answeredAt .. endedAt, narrowed to what the source says
 *   the recording covers when it says so (Twilio's RecordingStartTime + RecordingDuration).
 */
export function recordingEligibility(contact: RecordingContact | undefined, now: Date): Eligibility {
  if (!contact) return { kind: 'not-ready', reason: 'the call is not known yet' };
  const { call } = contact;
  if (isExpired(call, now)) return { kind: 'expired' };
  if (!call.endedAt) {
    return { kind: 'not-ready', reason: 'the call has not ended yet' };
  }
  if (!call.answeredAt) {
    // call.answered may still be on its way (deliveries arrive out of order): wait a grace period.
    if (now.getTime() - Date.parse(call.endedAt) < ANSWER_GRACE_MS) {
      return { kind: 'not-ready', reason: 'the call has ended but its answer time has not arrived yet' };
    }
    return { kind: 'refused', reason: 'the call was never answered, so it has no recording (N2)' };
  }
  const source = contact.sourceBounds;
  const startsAt = source && source.startsAt > call.answeredAt ? source.startsAt : call.answeredAt;
  const endsAt = source && source.endsAt < call.endedAt ? source.endsAt : call.endedAt;
  if (startsAt < endsAt) return { kind: 'ready', startsAt, endsAt };
  return { kind: 'ready', startsAt: call.answeredAt, endsAt: call.endedAt };
}
