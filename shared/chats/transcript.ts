import { expiryFrom } from '../kernel/expiry';
import type { ChatRecord } from './chat-record';
import type { SenderRole } from './contract';

/**
 * One message of a chat's content (N5), stored as its own item so a conversation of any length
 * stays far below DynamoDB's 400 KB item limit (docs/adr/0003-chat-transcript-storage.md).
 * The text is kept exactly as sent: never trimmed, normalised, logged or put in a key.
 */
export interface ChatMessage {
  /** The platform's sequence number: the transcript's order, and the message's identity. */
  seq: number;
  role: SenderRole;
  /** Set only when `role` is 'agent' (N4). */
  agentName?: string;
  text: string;
  sentAt: string;
}

/** The transcript in conversation order: by sequence number, whatever order messages arrived in. */
export function inSequenceOrder(messages: readonly ChatMessage[]): ChatMessage[] {
  return [...messages].sort((a, b) => a.seq - b.seq);
}

/** Two deliveries of the same (chat, sequence) carry the same message. */
export function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.seq === b.seq &&
    a.role === b.role &&
    (a.agentName ?? null) === (b.agentName ?? null) &&
    a.text === b.text &&
    a.sentAt === b.sentAt
  );
}

/**
 * How long after a message was sent its chat may still end without the message's TTL needing
 * a raise. Chats last minutes to hours; only chats left open longer than this pay for re-stamping.
 */
export const TRANSCRIPT_TTL_MARGIN_HOURS = 24;
/** Calendar-month arithmetic in Helsinki time shifts by up to an hour across DST changes. */
const DST_SLACK_HOURS = 2;
const HOUR_MS = 3_600_000;

/**
 * The TTL backstop of one message item (docs/adr/0003-chat-transcript-storage.md): never earlier
 * than the chat's real expiry, so a TTL never deletes content the chat still owns (N5, N13).
 *
 * The chat's end is not known while messages arrive, so each message is stamped with the expiry
 * of `sentAt + 24 h` (or the chat's current expiry, if later): that covers every chat that ends
 * within a day of the message. A chat that ends later has its older messages raised when it ends
 * (see `transcriptNeedsRaise`). Held chats carry no expiry (N9). The META's `expiresAt` is what
 * readers and the retention sweep go by; this is only the backstop.
 */
export function messageExpiry(sentAt: string, chat: ChatRecord, retentionMonths: number): number | undefined {
  if (chat.hold) return undefined;
  const own = expiryFrom(
    new Date(Date.parse(sentAt) + TRANSCRIPT_TTL_MARGIN_HOURS * HOUR_MS),
    retentionMonths,
  );
  return Math.max(own.expiresAt, chat.expiresAt ?? 0);
}

/**
 * True when some message of an ended chat may carry a TTL earlier than the chat's final expiry:
 * the chat ended more than the margin (less DST slack) after its earliest known time.
 */
export function transcriptNeedsRaise(chat: ChatRecord): boolean {
  if (chat.hold || !chat.endedAt) return false;
  const earliest = [chat.startedAt, chat.firstMessageAt, chat.endedAt]
    .filter((t): t is string => t !== undefined)
    .map(Date.parse)
    .reduce((a, b) => Math.min(a, b));
  return Date.parse(chat.endedAt) - earliest > (TRANSCRIPT_TTL_MARGIN_HOURS - DST_SLACK_HOURS) * HOUR_MS;
}
