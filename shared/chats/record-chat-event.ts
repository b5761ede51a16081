import { contactIdFor } from '../kernel/contact-id';
import { ValidationError } from '../kernel/errors';
import { mergeRecord } from '../kernel/merge-record';
import { subjectKey } from '../kernel/pseudonym';
import { applyChatEvent, type ChatFacts, type ChatRecord, normaliseNickname } from './chat-record';
import type { ChatStore } from './chat-store';
import type { ChatEvent } from './contract';
import { type ChatMessage, messageExpiry, sameMessage, transcriptNeedsRaise } from './transcript';

export interface RecordChatEventDeps {
  chats: ChatStore;
  /** Secret pepper for pseudonymous subject keys. */
  pepper: () => Promise<string>;
  /** CHAT_RETENTION_MONTHS: months after the chat ended (N13). */
  retentionMonths: number;
  now?: () => Date;
}

export type ChatOutcome = 'created' | 'updated' | 'unchanged' | 'duplicate' | 'expired';

/** A second, different message was sent with a sequence number that is already stored. */
export class SequenceConflictError extends ValidationError {
  constructor(seq: number) {
    super(
      `sequence ${seq} of this chat already holds a different message, which is kept; give every message of a chat its own sequence number`,
      [{ path: 'data.seq', message: 'already holds a different message' }],
    );
    this.name = 'SequenceConflictError';
  }
}

/** The subject key of a nickname (N16): HMAC of its normalised form, as for phone numbers. */
export function nicknameSubjectKey(nickname: string, pepper: string): string {
  return subjectKey(normaliseNickname(nickname), pepper);
}

/**
 * Store what one chat event says. Idempotent and order-independent: duplicate and out-of-order
 * deliveries converge on the same META record and the same transcript. Resolves only once
 * everything the event carried is durable.
 *
 * Message items get their TTL backstop from `messageExpiry` (never earlier than the chat's
 * real expiry; docs/adr/0003-chat-transcript-storage.md). A message re-reads the META after its
 * own write and raises its TTL if the chat ended meanwhile; a chat that ends more than a day after
 * it began raises the TTL of its older messages before the event is acknowledged.
 */
export async function recordChatEvent(
  event: ChatEvent,
  deps: RecordChatEventDeps,
): Promise<{ contactId: string; outcome: ChatOutcome; record?: ChatRecord }> {
  const facts = toFacts(event);
  const { contactId } = facts;
  const now = deps.now?.() ?? new Date();

  // chat.started is nearly always a chat's first event: its first attempt skips the read.
  const merged = await mergeChatMeta(
    contactId,
    (existing) => applyChatEvent(existing, facts, deps.retentionMonths),
    deps,
    now,
    facts.type === 'chat.started',
  );
  if (merged.outcome === 'expired') return { contactId, outcome: 'expired' };
  const { record } = merged;

  if (event.type !== 'chat.message') {
    // On every delivery (replays included), so a retry heals a raise that failed half-way.
    if (transcriptNeedsRaise(record) && record.expiresAt !== undefined) {
      await deps.chats.raiseMessageExpiries(contactId, record.expiresAt);
    }
    return { contactId, outcome: merged.outcome, record };
  }

  const outcome = await storeChatMessage(contactId, toMessage(event.data), record, deps);
  return { contactId, outcome, record };
}

/**
 * Store one message of a chat whose META has just been merged (`record`, as written), with the
 * TTL backstop of `messageExpiry`. Throws SequenceConflictError when its place holds a different
 * message. Resolves only once the message is durable.
 */
export async function storeChatMessage(
  contactId: string,
  message: ChatMessage,
  record: ChatRecord,
  deps: RecordChatEventDeps,
): Promise<'created' | 'duplicate'> {
  const stamped = messageExpiry(message.sentAt, record, deps.retentionMonths);
  const put = await deps.chats.putMessage(contactId, message, stamped);
  if (put.outcome === 'exists' && !sameMessage(put.stored, message)) {
    throw new SequenceConflictError(message.seq);
  }

  // The chat may have ended or been put on hold since the META was read: follow it.
  const latest = await deps.chats.getChat(contactId);
  const wanted = latest ? messageExpiry(message.sentAt, latest.record, deps.retentionMonths) : stamped;
  const current = put.outcome === 'exists' ? put.expiresAt : stamped;
  if (wanted === undefined ? current !== undefined : current === undefined || wanted > current) {
    await deps.chats.setMessageExpiry(contactId, message.seq, wanted);
    // N9: a hold placed since the re-read may have cleared the transcript before this write:
    // look once more, so a held chat never keeps a message with a TTL.
    if (wanted !== undefined && (await deps.chats.getChat(contactId))?.record.hold) {
      await deps.chats.setMessageExpiry(contactId, message.seq, undefined);
    }
  }

  return put.outcome === 'created' ? 'created' : 'duplicate';
}

/**
 * Versioned read-merge-write of a chat's META item (kernel/merge-record.ts): `apply` merges what is
 * known into the stored record (undefined when there is none). With `assumeNew` the first attempt
 * is a create whose condition (nothing stored yet) does the read's job. Also the Connect sources'
 * (shared/connect/chat-meta.ts).
 */
export function mergeChatMeta(
  contactId: string,
  apply: (existing: ChatRecord | undefined) => ChatRecord,
  deps: RecordChatEventDeps,
  now: Date,
  assumeNew = false,
) {
  return mergeRecord<ChatRecord>({
    contactId,
    createFirst: assumeNew,
    read: () => deps.chats.getChat(contactId),
    merge: apply,
    subjectKey: async (next) =>
      next.nickname ? nicknameSubjectKey(next.nickname, await deps.pepper()) : undefined,
    save: (next, options) => deps.chats.saveChat(next, options),
    now,
  });
}

function toFacts(event: ChatEvent): ChatFacts {
  const { provider, chatId } = event.data;
  const base = { contactId: contactIdFor('chat', provider, chatId), provider, chatId };
  switch (event.type) {
    case 'chat.started': {
      const { channel, origin, startedAt, nickname, details } = event.data;
      return { ...base, type: event.type, channel, origin, startedAt, nickname, details };
    }
    case 'chat.message': {
      const data = event.data;
      return {
        ...base,
        type: event.type,
        sentAt: data.sentAt,
        agentName: 'agentName' in data ? data.agentName : undefined,
      };
    }
    case 'chat.ended':
      return { ...base, type: event.type, endedAt: event.data.endedAt };
  }
}

function toMessage(data: Extract<ChatEvent, { type: 'chat.message' }>['data']): ChatMessage {
  const message: ChatMessage = { seq: data.seq, role: data.role, text: data.text, sentAt: data.sentAt };
  if ('agentName' in data && data.agentName !== undefined) message.agentName = data.agentName;
  return message;
}
