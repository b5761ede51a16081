import type { CallRecord } from '../calls/call-record';
import type { CallStore } from '../calls/call-store';
import type { ChatRecord } from '../chats/chat-record';
import type { ChatStore } from '../chats/chat-store';
import { readChat } from '../chats/read-chat';
import type { ChatMessage } from '../chats/transcript';
import type { MetaSnapshot } from '../holds/hold';
import { checkReason } from '../kernel/audit';
import { checkContactId } from '../kernel/contact-id';
import { NotFoundError } from '../kernel/errors';
import { isExpired } from '../kernel/expiry';
import type {
  RecordingProblem,
  RecordingStore,
  SourceDeleteStatus,
  StoredRecording,
} from '../recordings/recording';

/** What an authorised reader sees of a contact (N7). Expired contacts are never returned (N13). */
export type ContactView = CallView | ChatContactView;

/** A chat with its transcript (N5), in sequence order. */
export interface ChatContactView extends Omit<ChatRecord, 'expiresAt' | 'expiresOn' | 'firstMessageAt'> {
  expiresAt?: string;
  transcript: ChatMessage[];
  /** More messages follow (pass as `afterSeq`). */
  nextAfterSeq?: number;
}

/** A call as stored (N1–N3), without the platform's ids and with the expiry as an ISO time. */
export interface CallView
  extends Omit<CallRecord, 'provider' | 'providerCallId' | 'legIds' | 'expiresAt' | 'expiresOn'> {
  /** ISO time after which the contact is gone; absent while on hold. */
  expiresAt?: string;
  /** The recording as stored: key, size, SHA-256, format, duration, bounds (N2). */
  recording?: StoredRecording;
  /** Why a recording was refused or deleted, or other bytes were kept off the recorded key. */
  recordingProblem?: RecordingProblem;
  /** Native sources (Twilio): whether the source copy has been deleted (pending, deleted, failed). */
  sourceDelete?: SourceDeleteStatus;
}

export interface ReadContactDeps {
  calls: CallStore;
  chats?: ChatStore;
  /** The recording fields of a call's META item (what ops see is what is stored). */
  recordings?: Pick<RecordingStore, 'getContact'>;
  now?: () => Date;
}

/** Look up one live contact by id; NotFoundError when unknown or expired. */
export async function readContact(contactId: string, deps: ReadContactDeps): Promise<ContactView> {
  checkContactId(contactId);
  const now = deps.now?.() ?? new Date();
  if (contactId.startsWith('call-')) {
    const call = await deps.calls.findLiveCall(contactId, now);
    if (call) {
      const stored = await deps.recordings?.getContact(contactId);
      return {
        ...callView(call),
        ...(stored?.recording ? { recording: stored.recording } : {}),
        ...(stored?.recordingProblem ? { recordingProblem: stored.recordingProblem } : {}),
        ...(stored?.sourceDelete ? { sourceDelete: stored.sourceDelete } : {}),
      };
    }
  }
  if (contactId.startsWith('chat-') && deps.chats) {
    const chat = await readChat(contactId, { chats: deps.chats, now: () => now }, { limit: 1000 });
    if (chat) {
      const { expiresAt, expiresOn: _on, firstMessageAt: _first, ...record } = chat.record;
      return {
        ...record,
        expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt * 1000).toISOString(),
        transcript: chat.messages,
        ...(chat.nextAfterSeq !== undefined ? { nextAfterSeq: chat.nextAfterSeq } : {}),
      };
    }
  }
  throw new NotFoundError(`contact ${contactId}`);
}

function callView(record: CallRecord): CallView {
  const {
    provider: _provider,
    providerCallId: _id,
    legIds: _legs,
    expiresAt,
    expiresOn: _on,
    ...call
  } = record;
  return {
    ...call,
    expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt * 1000).toISOString(),
  };
}

/** N11: playback links are short-lived. */
export const PLAYBACK_LINK_SECONDS = 300;

export interface PlaybackDeps {
  meta: (contactId: string) => Promise<MetaSnapshot | undefined>;
  presign: (key: string, seconds: number) => Promise<string>;
  now?: () => Date;
}

/**
 * A presigned GET for a live contact's recording, valid at most 5 minutes (N7, N11). A reason is
 * required (it goes into the audit entry). Expired contacts have no recording to play (N13).
 */
export async function playbackLink(
  contactId: string,
  reason: unknown,
  deps: PlaybackDeps,
): Promise<{ contactId: string; url: string; expiresAt: string; reason: string }> {
  const why = checkReason(reason);
  checkContactId(contactId);
  const now = deps.now?.() ?? new Date();
  const meta = await deps.meta(contactId);
  if (!meta || isExpired(meta.item as { expiresAt?: number }, now))
    throw new NotFoundError(`contact ${contactId}`);
  const key = (meta.item.recording as { key?: unknown } | undefined)?.key;
  if (typeof key !== 'string') throw new NotFoundError(`a recording of contact ${contactId}`);
  return {
    contactId,
    url: await deps.presign(key, PLAYBACK_LINK_SECONDS),
    expiresAt: new Date(now.getTime() + PLAYBACK_LINK_SECONDS * 1000).toISOString(),
    reason: why,
  };
}
