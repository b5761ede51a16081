import type { PlatformEntry } from '../kernel/platforms';
import { field, type TwilioParams } from './signature';

/**
 * Twilio Conversations post-event webhooks
 * (https://www.twilio.com/docs/conversations/conversations-webhooks) as canonical chat events:
 * - `onConversationAdded` → `chat.started` (ConversationSid, DateCreated);
 * - `onMessageAdded` → `chat.message` (Index = seq, Author → role, Body, DateCreated);
 * - `onConversationStateUpdated` with `StateTo=closed` (and `onConversationRemoved`) → `chat.ended`.
 * Read: AccountSid, EventType, ConversationSid, Index, Author, Body, DateCreated, DateUpdated,
 * StateTo. Dropped, never stored or logged: MessagingBinding.Address (the customer's phone number,
 * N10), MessagingBinding.ProxyAddress, FriendlyName, UniqueName, Attributes, ParticipantSid,
 * MessageSid, Media, Source, ClientIdentity, ChatServiceSid, RetryCount, … (N15).
 */
export const DEFAULT_AGENT_IDENTITIES = ['agent:*'];
export const DEFAULT_BOT_IDENTITIES = ['bot', 'bot:*'];

/** `agent:*` matches `agent:aino`; an exact identity matches itself. Returns what `*` matched. */
function matchIdentity(patterns: readonly string[], identity: string): string | undefined {
  for (const pattern of patterns) {
    if (pattern.endsWith('*') ? identity.startsWith(pattern.slice(0, -1)) : identity === pattern) {
      return pattern.endsWith('*') ? identity.slice(pattern.length - 1) : identity;
    }
  }
  return undefined;
}

/**
 * The author's role from the platform's configured identities: agents (their name, N4, is the
 * identity with the pattern's prefix removed, e.g. `agent:Aino Agentti` → `Aino Agentti`), bots,
 * and everyone else the customer (whose identity, often a phone number, is never stored).
 */
export function authorRole(
  entry: Pick<PlatformEntry, 'agentIdentities' | 'botIdentities'>,
  author: string,
): { role: 'agent'; agentName: string } | { role: 'bot' } | { role: 'customer' } {
  const agent = matchIdentity(entry.agentIdentities ?? DEFAULT_AGENT_IDENTITIES, author);
  if (agent !== undefined) return { role: 'agent', agentName: agent.trim() || author };
  if (matchIdentity(entry.botIdentities ?? DEFAULT_BOT_IDENTITIES, author) !== undefined)
    return { role: 'bot' };
  return { role: 'customer' };
}

/** The canonical chat event (to be validated by the chat contract), or undefined for events we do not take. */
export function conversationEvent(
  platform: string,
  entry: PlatformEntry,
  params: TwilioParams,
): { type: string; data: Record<string, unknown> } | undefined {
  const ref = { provider: platform, chatId: field(params, 'ConversationSid') };
  switch (field(params, 'EventType')) {
    case 'onConversationAdded':
      return {
        type: 'chat.started',
        data: { ...ref, channel: 'web-chat', origin: 'own-site', startedAt: field(params, 'DateCreated') },
      };
    case 'onMessageAdded': {
      const body = field(params, 'Body');
      if (!body) return undefined; // media only: nothing the notice lists
      const index = field(params, 'Index') ?? '';
      return {
        type: 'chat.message',
        data: {
          ...ref,
          seq: /^\d+$/.test(index) ? Number(index) : index,
          ...authorRole(entry, field(params, 'Author') ?? ''),
          text: body,
          sentAt: field(params, 'DateCreated'),
        },
      };
    }
    case 'onConversationStateUpdated':
      if (field(params, 'StateTo') !== 'closed') return undefined;
      return { type: 'chat.ended', data: { ...ref, endedAt: field(params, 'DateUpdated') } };
    case 'onConversationRemoved':
      return {
        type: 'chat.ended',
        data: { ...ref, endedAt: field(params, 'DateUpdated') ?? field(params, 'DateCreated') },
      };
    default:
      return undefined;
  }
}
