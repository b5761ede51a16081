import type { RecordChatEventDeps } from '../chats/record-chat-event';
import { contactIdFor } from '../kernel/contact-id';
import { logger } from '../kernel/observability';
import { type ConnectChatFacts, type ConnectChatOutcome, mergeConnectChat } from './chat-meta';
import type { ContactTraceRecord } from './contract';
import { CONNECT_PROVIDER } from './ctr';

/** What the CTR stream function needs to store chats (functions/connect-ctr.ts). */
export interface ConnectChatCtrDeps {
  /** The chat store, the pepper and CHAT_RETENTION_MONTHS, as for the chat webhook. */
  chat: RecordChatEventDeps;
}

/**
 * A chat CTR as the facts of its chat (N4, N6). Every leg of a hand-over (a transfer from the bot
 * to a person or between people makes a new ContactId) keys on `InitialContactId ?? ContactId`,
 * so the legs are one chat: its start is the earliest leg's InitiationTimestamp, its end the
 * latest leg's DisconnectTimestamp (applyConnectChatFacts). Nothing else of the CTR is kept: no
 * attributes, queue, agent or Contact Lens data (N15). A CTR names no customer; the nickname
 * comes from the transcript.
 */
export function ctrToChatFacts(ctr: ContactTraceRecord): ConnectChatFacts | undefined {
  // A supervisor silently monitoring is not a leg the customer took part in.
  if (ctr.InitiationMethod === 'MONITOR') return undefined;
  const chatId = ctr.InitialContactId ?? ctr.ContactId;
  return {
    contactId: contactIdFor('chat', CONNECT_PROVIDER, chatId),
    chatId,
    startedAt: ctr.InitiationTimestamp,
    ...(ctr.ContactId !== chatId ? { legId: ctr.ContactId } : {}),
    ...(ctr.DisconnectTimestamp ? { endedAt: ctr.DisconnectTimestamp } : {}),
  };
}

/** Store a chat CTR on its chat; logs ids and outcome only, an error by its name (N17). */
export async function recordChatCtr(
  ctr: ContactTraceRecord,
  deps: RecordChatEventDeps,
  sequenceNumber: string,
): Promise<ConnectChatOutcome | 'not-a-customer-contact'> {
  const facts = ctrToChatFacts(ctr);
  if (!facts) return 'not-a-customer-contact';
  try {
    const { outcome } = await mergeConnectChat(facts, deps);
    logger.info('chat CTR stored', { contactId: facts.contactId, sequenceNumber, outcome });
    return outcome;
  } catch (error) {
    logger.error('chat CTR could not be stored', { sequenceNumber, error: (error as Error).name });
    throw error;
  }
}
