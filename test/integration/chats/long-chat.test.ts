import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { LOCAL_NAMES } from '../../../local/emulators';
import { DynamoChatStore } from '../../../shared/chats/dynamo-chat-store';
import { readChat } from '../../../shared/chats/read-chat';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { expiryFrom } from '../../../shared/kernel/expiry';
import { getItem, startSystem } from '../../support/local-system';
import { postSigned } from '../../support/webhooks';
import { newChat, unicodeText } from './fixtures';

/**
 * Big enough that the chat spans several 1 MB Query pages (asserted below), so the ordered read
 * is proven across page boundaries; the 2,000-message run is `npx tsx bench/chat-long.ts`.
 */
const MESSAGES = 300;
const MESSAGE_BYTES = 8 * 1024;
/** The local emulator enforces DynamoDB's item size limit, so an oversized item would fail the write. */
const ITEM_LIMIT_BYTES = 400 * 1024;

let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  system = await startSystem();
}, 60_000);
afterAll(async () => system.close(), 60_000);

/** Every item of a contact, and how many Query pages (at most 1 MB each) it took. */
async function allContactItems(contactId: string) {
  const items: Record<string, unknown>[] = [];
  let pages = 0;
  for await (const page of paginateQuery(
    { client: dynamoDocumentClient() },
    {
      TableName: LOCAL_NAMES.contactsTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}` },
    },
  )) {
    items.push(...(page.Items ?? []));
    pages++;
  }
  return { items, pages };
}

/** Deliver with a few requests in flight at once, like a platform's webhook workers. */
async function deliverAll(url: string, events: unknown[], inFlight = 6) {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < events.length) {
        const event = events[next++];
        statuses.push((await postSigned(url, event)).status);
      }
    }),
  );
  return statuses;
}

describe('a long chat (N5)', () => {
  it(`stores ${MESSAGES} messages of 8 KB of mixed Unicode delivered out of order, and reads them back in order byte for byte`, async () => {
    // Prepare
    const url = `${system.url}/webhooks/acme-cc/chats`;
    const chat = newChat({ channel: 'chatbot', origin: 'migri-chatbot', minutesAgo: 300 });
    const texts = Array.from({ length: MESSAGES }, (_, seq) => unicodeText(MESSAGE_BYTES, seq));
    const messages = texts.map((text, seq) =>
      seq % 3 === 1 ? chat.agentMessage(seq, text) : chat.message(seq, text),
    );
    // a deterministic shuffle: interleave from both ends
    const shuffled = messages.map((_, i) => messages[i % 2 ? MESSAGES - 1 - (i >> 1) : i >> 1]);

    // Act
    const statuses = await deliverAll(url, [chat.started(), ...shuffled]);
    const ended = await postSigned(url, chat.ended());
    const view = await readChat(chat.contactId, {
      chats: new DynamoChatStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    });

    // Assess
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(ended.status).toBe(200);
    expect(view?.messages).toHaveLength(MESSAGES);
    expect(view?.messages.map((m) => m.seq)).toEqual(texts.map((_, seq) => seq));
    const mismatched = view?.messages.filter(
      (m, seq) => !Buffer.from(m.text, 'utf8').equals(Buffer.from(texts[seq] as string, 'utf8')),
    );
    expect(mismatched).toEqual([]);
    expect(Buffer.byteLength(view?.messages[0]?.text ?? '', 'utf8')).toBe(MESSAGE_BYTES);

    // every item, META included, far below the item limit; no message TTL earlier than the chat's expiry
    const { items, pages } = await allContactItems(chat.contactId);
    expect(pages).toBeGreaterThan(1);
    const final = expiryFrom(chat.endedAt, 12).expiresAt;
    expect(items).toHaveLength(MESSAGES + 1);
    expect(Math.max(...items.map((i) => Buffer.byteLength(JSON.stringify(i), 'utf8')))).toBeLessThan(
      ITEM_LIMIT_BYTES / 40,
    );
    expect(items.filter((i) => typeof i.expiresAt !== 'number' || i.expiresAt < final)).toEqual([]);
    expect(await getItem(`CONTACT#${chat.contactId}`, 'META')).toMatchObject({ origin: 'migri-chatbot' });
  }, 600_000);
});
