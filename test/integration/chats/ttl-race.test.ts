import { LOCAL_NAMES } from '../../../local/emulators';
import type { ChatStore } from '../../../shared/chats/chat-store';
import { type ChatEvent, chatEvent } from '../../../shared/chats/contract';
import { DynamoChatStore } from '../../../shared/chats/dynamo-chat-store';
import { recordChatEvent } from '../../../shared/chats/record-chat-event';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { expiryFrom } from '../../../shared/kernel/expiry';
import { queryContact, startSystem } from '../../support/local-system';
import { TEST_PEPPER } from '../../support/webhooks';
import { newChat } from './fixtures';

/**
 * N13 backstop under concurrency: a message stored while its chat ends must never keep a TTL
 * earlier than the chat's final expiry, whichever way the two writers interleave. The store is
 * the real DynamoDB adapter on the emulator; a wrapper only decides when the other writer runs.
 */
let system: Awaited<ReturnType<typeof startSystem>>;
let store: DynamoChatStore;
beforeAll(async () => {
  system = await startSystem();
  store = new DynamoChatStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable);
});
afterAll(async () => system.close());

const deps = (chats: ChatStore) => ({ chats, pepper: async () => TEST_PEPPER, retentionMonths: 12 });
const parse = (event: unknown): ChatEvent => chatEvent.parse(event);
const messageTtls = async (contactId: string) =>
  (await queryContact(contactId)).filter((i) => String(i.sk).startsWith('MSG#')).map((i) => i.expiresAt);

describe('message TTL while the chat ends concurrently (N13)', () => {
  it('N13: a message written just after the chat ended raises its own TTL on re-reading the chat', async () => {
    // Prepare: a three-day chat; the chat ends between the message's META read and its write
    const chat = newChat({ minutesAgo: 3 * 24 * 60 });
    await recordChatEvent(parse(chat.started()), deps(store));
    const racing: ChatStore = Object.create(store);
    racing.putMessage = async (...args) => {
      await recordChatEvent(parse(chat.ended()), deps(store));
      return store.putMessage(...args);
    };
    // Act
    await recordChatEvent(parse(chat.message(0, 'kilpajuoksu')), deps(racing));
    // Assess
    expect(await messageTtls(chat.contactId)).toEqual([expiryFrom(chat.endedAt, 12).expiresAt]);
  });

  it('N13: a chat ending just after a message re-read the chat raises that message', async () => {
    // Prepare: the message is written and re-reads the chat; only then does the chat end
    const chat = newChat({ minutesAgo: 3 * 24 * 60 });
    await recordChatEvent(parse(chat.started()), deps(store));
    let reads = 0;
    const racing: ChatStore = Object.create(store);
    racing.getChat = async (contactId) => {
      const stale = await store.getChat(contactId);
      if (++reads === 2) await recordChatEvent(parse(chat.ended()), deps(store));
      return stale;
    };
    // Act
    await recordChatEvent(parse(chat.message(0, 'kilpajuoksu')), deps(racing));
    // Assess
    expect(reads).toBe(2);
    expect(await messageTtls(chat.contactId)).toEqual([expiryFrom(chat.endedAt, 12).expiresAt]);
  });
});
