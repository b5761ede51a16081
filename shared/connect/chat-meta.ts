import { withLegId } from '../calls/call-record';
import { type ChatRecord, chatExpiryBasis } from '../chats/chat-record';
import type { ChatChannel, ChatOrigin } from '../chats/contract';
import { mergeChatMeta, type RecordChatEventDeps } from '../chats/record-chat-event';
import { transcriptNeedsRaise } from '../chats/transcript';
import { ValidationError } from '../kernel/errors';
import { expiryFrom } from '../kernel/expiry';
import { CONNECT_PROVIDER } from './ctr';

/**
 * N6 for Connect chats. Connect's chat is the company's own web chat (the Connect widget on its
 * pages, a Lex bot in the flow answering first): channel `web-chat`, origin `own-site`. Bot
 * messages inside it are role `bot`. Connect has no notion of a partner authority's hand-over,
 * so no Connect chat is ever recorded with a partner origin.
 */
export const CONNECT_CHAT_CHANNEL: ChatChannel = 'web-chat';
export const CONNECT_CHAT_ORIGIN: ChatOrigin = 'own-site';

/** What one Connect source (a chat CTR or a transcript) says about a chat's META. */
export interface ConnectChatFacts {
  contactId: string;
  /** `InitialContactId ?? ContactId`: every leg of a hand-over is one chat. */
  chatId: string;
  startedAt?: string;
  endedAt?: string;
  nickname?: string;
  /** The leg's own ContactId, when it is not the first leg's (redacted at Connect with the chat). */
  legId?: string;
  /** A transcript's messages, as the chat webhook's `chat.message` adds them: the earliest time, the staff names (N4). */
  firstMessageAt?: string;
  agents?: readonly string[];
}

/**
 * Merge Connect facts into a chat's META. Pure and order-independent, so CTRs of every leg and
 * transcripts can arrive in any order and any number of times: the start is the earliest start
 * any source gave (the first leg's InitiationTimestamp once its CTR is in), the end the latest end
 * (the last leg's DisconnectTimestamp), the nickname the first one given. Channel and origin are
 * Connect's (N6). Expiry follows the chat webhook's rule (chatExpiryBasis).
 */
export function applyConnectChatFacts(
  existing: ChatRecord | undefined,
  facts: ConnectChatFacts,
  retentionMonths: number,
): ChatRecord {
  const next: ChatRecord = existing
    ? { ...existing }
    : { kind: 'chat', contactId: facts.contactId, provider: CONNECT_PROVIDER, providerChatId: facts.chatId };
  next.channel ??= CONNECT_CHAT_CHANNEL;
  next.origin ??= CONNECT_CHAT_ORIGIN;
  if (facts.startedAt && (!next.startedAt || facts.startedAt < next.startedAt))
    next.startedAt = facts.startedAt;
  if (facts.endedAt && (!next.endedAt || facts.endedAt > next.endedAt)) next.endedAt = facts.endedAt;
  if (facts.nickname && next.nickname === undefined) next.nickname = facts.nickname;
  if (facts.firstMessageAt && (!next.firstMessageAt || facts.firstMessageAt < next.firstMessageAt))
    next.firstMessageAt = facts.firstMessageAt;
  const agents = new Set([...(next.agents ?? []), ...(facts.agents ?? [])]);
  if (agents.size > (next.agents?.length ?? 0)) next.agents = [...agents].sort();
  if (facts.legId && facts.legId !== next.providerChatId) next.legIds = withLegId(next.legIds, facts.legId);
  if (next.startedAt && next.endedAt && next.startedAt > next.endedAt) {
    throw new ValidationError(
      `the chat ends (${next.endedAt}) before it starts (${next.startedAt}); check the Connect instance's records`,
      [{ path: 'DisconnectTimestamp', message: 'is before InitiationTimestamp' }],
    );
  }
  if (!next.hold) Object.assign(next, expiryFrom(chatExpiryBasis(next), retentionMonths));
  return next;
}

export type ConnectChatOutcome = 'created' | 'updated' | 'unchanged' | 'expired';

/**
 * The chat webhook's versioned read-merge-write of the chat's META (mergeChatMeta, ADR 0001/0003),
 * then, as `chat.ended` does, raise the TTL of older messages when the chat ran longer than a day.
 * N13: a chat already past its expiry is never brought back.
 */
export async function mergeConnectChat(
  facts: ConnectChatFacts,
  deps: RecordChatEventDeps,
): Promise<{ outcome: 'expired' } | { outcome: Exclude<ConnectChatOutcome, 'expired'>; record: ChatRecord }> {
  const merged = await mergeChatMeta(
    facts.contactId,
    (existing) => applyConnectChatFacts(existing, facts, deps.retentionMonths),
    deps,
    deps.now?.() ?? new Date(),
  );
  // On every delivery (replays included), so a retry heals a raise that failed half-way.
  if (
    merged.outcome !== 'expired' &&
    transcriptNeedsRaise(merged.record) &&
    merged.record.expiresAt !== undefined
  ) {
    await deps.chats.raiseMessageExpiries(facts.contactId, merged.record.expiresAt);
  }
  return merged;
}
