import { ValidationError } from '../kernel/errors';
import { expiryFrom } from '../kernel/expiry';
import type { ChatChannel, ChatOrigin } from './contract';

/**
 * What is stored about a chat on its META item: exactly N4 (start and end time, the nickname or
 * other details the customer gave, the agent's name) and N6 (channel, origin), plus technical
 * fields (ids, expiry). The content (N5) lives in one item per message (see chat-transcript.ts).
 * There is no phone-number field: a chat never becomes a survey recipient (N10).
 */
export interface ChatRecord {
  kind: 'chat';
  contactId: string;
  provider: string;
  providerChatId: string;
  channel?: ChatChannel;
  origin?: ChatOrigin;
  nickname?: string;
  details?: string;
  /** Names of the agents who wrote in the chat, sorted, each once (N4). */
  agents?: string[];
  startedAt?: string;
  endedAt?: string;
  /**
   * The earliest message time seen. Only used as the provisional expiry basis when messages
   * arrive before `chat.started`, so a chat is always findable by the retention sweep.
   */
  firstMessageAt?: string;
  /** Epoch seconds (N13). Provisional from the start until the chat has ended. */
  expiresAt?: number;
  expiresOn?: string;
  /** When set, a dispute hold stops the clock: no expiry applies (N9). */
  hold?: { reason: string; since: string; by: string };
  /**
   * The platform's own ids of the chat's later legs (Connect hand-overs), sorted: each is
   * redacted at the platform when the chat leaves this store (docs/platforms/amazon-connect.md).
   */
  legIds?: string[];
}

/** One chat event as the domain sees it: validated, with its contact id. */
export type ChatFacts = {
  contactId: string;
  provider: string;
  chatId: string;
} & (
  | {
      type: 'chat.started';
      channel: ChatChannel;
      origin: ChatOrigin;
      startedAt: string;
      nickname?: string | null;
      details?: string | null;
    }
  | { type: 'chat.message'; sentAt: string; agentName?: string }
  | { type: 'chat.ended'; endedAt: string }
);

/**
 * Merge one event into the chat's META record. Pure and order-independent: applying the same
 * set of events in any order, any number of times, gives the same record. Identifiers and times
 * are set once (first writer wins); agent names are a set union; the first message time is a minimum.
 */
export function applyChatEvent(
  existing: ChatRecord | undefined,
  event: ChatFacts,
  retentionMonths: number,
): ChatRecord {
  const next: ChatRecord = existing
    ? { ...existing }
    : { kind: 'chat', contactId: event.contactId, provider: event.provider, providerChatId: event.chatId };

  switch (event.type) {
    case 'chat.started':
      next.channel ??= event.channel;
      next.origin ??= event.origin;
      next.startedAt ??= event.startedAt;
      if (next.nickname === undefined && event.nickname) next.nickname = event.nickname;
      if (next.details === undefined && event.details) next.details = event.details;
      break;
    case 'chat.message':
      if (!next.firstMessageAt || event.sentAt < next.firstMessageAt) next.firstMessageAt = event.sentAt;
      if (event.agentName && !next.agents?.includes(event.agentName)) {
        next.agents = [...(next.agents ?? []), event.agentName].sort();
      }
      break;
    case 'chat.ended':
      next.endedAt ??= event.endedAt;
      break;
  }

  assertTimesInOrder(next);
  if (!next.hold) Object.assign(next, expiryFrom(chatExpiryBasis(next), retentionMonths));
  return next;
}

/**
 * The chat's end once known (final expiry); before that its start, or, when only messages
 * have arrived so far, the earliest message (provisional).
 */
export function chatExpiryBasis(record: ChatRecord): string {
  const basis = record.endedAt ?? record.startedAt ?? record.firstMessageAt;
  if (!basis) throw new ValidationError('a chat event must carry startedAt, sentAt or endedAt');
  return basis;
}

function assertTimesInOrder({ startedAt, endedAt }: ChatRecord): void {
  if (startedAt && endedAt && startedAt > endedAt) {
    throw new ValidationError(
      `endedAt (${endedAt}) is before startedAt (${startedAt}) for this chat; check the platform's clock`,
      [{ path: 'data.endedAt', message: 'is before startedAt' }],
    );
  }
}

/**
 * The form of a nickname used for its subject key (N16 export by nickname): Unicode NFKC,
 * trimmed, inner whitespace collapsed, lower case. The stored nickname stays as given.
 */
export function normaliseNickname(nickname: string): string {
  return nickname.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}
