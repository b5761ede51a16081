import type { ChatRecord } from '../chats/chat-record';
import {
  type RecordChatEventDeps,
  SequenceConflictError,
  storeChatMessage,
} from '../chats/record-chat-event';
import { mergeConnectChat } from './chat-meta';
import type { ConnectMessage, ConnectTranscriptChat } from './transcript';

/**
 * A Connect message's place in its chat: `AbsoluteTime` in epoch milliseconds × 10, plus a slot
 * (0–9) for messages sent in the same millisecond. The chat webhook's platforms number their own
 * messages; Connect does not, and the legs of a hand-over arrive as separate transcripts in any
 * order, so the number comes from the time: every leg and every redelivery gives a message the
 * same place, and the chat's messages sort by time whatever order they were stored in. These
 * numbers have 14 digits (until the year 2286), so within a Connect chat the `MSG#<seq>` keys all
 * have the same width and sort in time order (docs/platforms/amazon-connect.md, "Chats").
 */
export const SLOTS_PER_MILLISECOND = 10;

export const connectSeq = (sentAt: string, slot: number): number =>
  Date.parse(sentAt) * SLOTS_PER_MILLISECOND + slot;

/** More distinct messages in one millisecond of one chat than there are slots. */
export class TooManyMessagesAtOnceError extends Error {
  constructor(contactId: string) {
    super(`chat ${contactId} has more than ${SLOTS_PER_MILLISECOND} different messages in one millisecond`);
    this.name = 'TooManyMessagesAtOnceError';
  }
}

export interface StoredTranscript {
  contactId: string;
  outcome: 'stored' | 'expired';
  created: number;
  duplicates: number;
}

/**
 * Store a transcript's chat: its META facts (nickname, first and last time, first message time
 * and staff names) in one merge, then each message through the chat webhook's own message path
 * (storeChatMessage: the same TTL, hold and duplicate rules), against that one META read. A
 * message already stored at its place is a duplicate (a redelivery, or an earlier leg's transcript
 * overlapping this one); a different message at that place (the same millisecond) takes the next
 * slot. Resolves only once every message is durable.
 */
export async function storeConnectTranscript(
  chat: ConnectTranscriptChat,
  deps: RecordChatEventDeps,
): Promise<StoredTranscript> {
  const { contactId, chatId, messages } = chat;
  const result: StoredTranscript = { contactId, outcome: 'stored', created: 0, duplicates: 0 };
  if (chat.firstAt === undefined) return result;
  const agents = messages.flatMap((message) => (message.agentName === undefined ? [] : [message.agentName]));
  const meta = await mergeConnectChat(
    {
      contactId,
      chatId,
      startedAt: chat.firstAt,
      endedAt: chat.lastAt,
      nickname: chat.nickname,
      firstMessageAt: messages[0]?.sentAt,
      agents,
    },
    deps,
  );
  if (meta.outcome === 'expired') return { ...result, outcome: 'expired' };

  for (const message of messages) {
    const outcome = await storeMessage(contactId, message, meta.record, deps);
    result[outcome === 'created' ? 'created' : 'duplicates'] += 1;
  }
  return result;
}

async function storeMessage(
  contactId: string,
  message: ConnectMessage,
  record: ChatRecord,
  deps: RecordChatEventDeps,
): Promise<'created' | 'duplicate'> {
  for (let slot = 0; slot < SLOTS_PER_MILLISECOND; slot++) {
    const stored = {
      seq: connectSeq(message.sentAt, slot),
      role: message.role,
      ...(message.agentName === undefined ? {} : { agentName: message.agentName }),
      text: message.text,
      sentAt: message.sentAt,
    };
    try {
      return await storeChatMessage(contactId, stored, record, deps);
    } catch (error) {
      if (!(error instanceof SequenceConflictError)) throw error;
    }
  }
  throw new TooManyMessagesAtOnceError(contactId);
}
