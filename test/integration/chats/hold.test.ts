import { LOCAL_NAMES } from '../../../local/emulators';
import type { ChatStore } from '../../../shared/chats/chat-store';
import { chatEvent } from '../../../shared/chats/contract';
import { DynamoChatStore } from '../../../shared/chats/dynamo-chat-store';
import { recordChatEvent } from '../../../shared/chats/record-chat-event';
import { placeHold } from '../../../shared/holds/hold';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { getItem, queryContact, startSystem } from '../../support/local-system';
import { postSigned, TEST_PEPPER } from '../../support/webhooks';
import { holdDeps } from '../retention/fixtures';
import { newChat } from './fixtures';

/**
 * Dispute holds on chats (N9) through the real chat webhook and ops API. Chats keep their own
 * retention here (6 months, calls 12), so a release that used the calls' setting would show.
 */
let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  process.env.CHAT_RETENTION_MONTHS = '6';
  process.env.RETENTION_MONTHS = '12';
  system = await startSystem();
});
afterAll(async () => {
  await system.close();
  delete process.env.CHAT_RETENTION_MONTHS;
  delete process.env.RETENTION_MONTHS;
});

type Event = { type: string; data: Record<string, unknown> };
const post = async (event: Event) => {
  const res = await postSigned(`${system.url}/webhooks/acme-cc/chats`, event);
  if (res.status !== 200)
    throw new Error(`${event.type} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
};
const ops = async (path: string, reason: string) => {
  const res = await fetch(`${system.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ops-user': 'carol' },
    body: JSON.stringify({ reason }),
  });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
};
const meta = (contactId: string) => getItem(contactPk(contactId), META);
const messages = async (contactId: string) =>
  (await queryContact(contactId)).filter((item) => String(item.sk).startsWith('MSG#'));
const expiryFields = (item: Record<string, unknown> | undefined) => ({
  expiresAt: item?.expiresAt,
  expiresOn: item?.expiresOn,
  gsi2pk: item?.gsi2pk,
  gsi2sk: item?.gsi2sk,
});
/** The same event for another chat id (same times and content). */
const forChat = (event: Event, chatId: string): Event => ({ ...event, data: { ...event.data, chatId } });

describe('chats under dispute hold (N9)', () => {
  it('N9: chat events for a held chat put no expiry on new or existing items nor restore the expiry index', async () => {
    // Prepare: a chat open for three days (its end would raise message TTLs), then a hold
    const chat = newChat({ minutesAgo: 3 * 24 * 60 });
    await post(chat.started());
    await post(chat.message(0, 'Hei'));
    await post(chat.message(1, 'Lainani eräpäivä?'));
    await ops(`/ops/contacts/${chat.contactId}/hold`, 'dispute DS-3001');

    // Act: a repeat, a new message, a replayed start and the end
    await post(chat.message(1, 'Lainani eräpäivä?'));
    await post(chat.agentMessage(2, 'Katsotaan'));
    await post(chat.started());
    const ended = await post(chat.ended());

    // Assess
    expect(ended.body.outcome).toBe('updated');
    const item = await meta(chat.contactId);
    expect(item?.endedAt).toBe(chat.endedAt);
    expect(item?.agents).toEqual(['Aino Agentti']);
    expect(item?.hold).toMatchObject({ reason: 'dispute DS-3001', by: 'carol' });
    expect(expiryFields(item)).toEqual({
      expiresAt: undefined,
      expiresOn: undefined,
      gsi2pk: undefined,
      gsi2sk: undefined,
    });
    const stored = await messages(chat.contactId);
    expect(stored.map((m) => m.seq)).toEqual([0, 1, 2]);
    expect(stored.map((m) => m.expiresAt)).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    ['a chat that ended within a day', { minutesAgo: 30, ended: true }],
    ['a chat left open for three days', { minutesAgo: 3 * 24 * 60, ended: true }],
    ['a chat still open', { minutesAgo: 30, ended: false }],
  ])(
    'N9: release gives %s exactly the expiry and message TTLs it would have had without the hold',
    async (_what, { minutesAgo, ended }) => {
      // Prepare: two chats with the same times and content; only the second is held half-way
      const twin = newChat({ minutesAgo });
      const held = newChat({ minutesAgo });
      const events: Event[] = [
        twin.started(),
        twin.message(0, 'Hei'),
        twin.agentMessage(1, 'Hei, miten voin auttaa?'),
        twin.message(2, 'Kiitos'),
        ...(ended ? [twin.ended()] : []),
      ];
      for (const event of events) await post(event);
      for (const [i, event] of events.entries()) {
        if (i === 2) await ops(`/ops/contacts/${held.contactId}/hold`, 'dispute DS-3002');
        await post(forChat(event, held.chatId));
      }

      // Act
      const released = await ops(`/ops/contacts/${held.contactId}/release`, 'dispute DS-3002 settled');

      // Assess: META and every message as if there had been no hold
      const twinMeta = await meta(twin.contactId);
      const heldMeta = await meta(held.contactId);
      expect(heldMeta?.hold).toBeUndefined();
      expect(twinMeta?.expiresAt).toEqual(expect.any(Number));
      expect(expiryFields(heldMeta)).toEqual(expiryFields(twinMeta));
      expect(released).toMatchObject({ dueNow: false });
      const ttls = async (contactId: string) => (await messages(contactId)).map((m) => [m.seq, m.expiresAt]);
      expect(await ttls(held.contactId)).toEqual(await ttls(twin.contactId));
      for (const message of await messages(held.contactId)) {
        expect(message.expiresAt).toBeGreaterThanOrEqual(Number(heldMeta?.expiresAt));
      }
    },
  );

  it('N9: a hold placed while a message raises its own TTL wins: the message ends without one', async () => {
    // Prepare: a three-day chat ends just before the message is written, so the message raises
    // its TTL after re-reading the chat; the hold lands between that re-read and the raise.
    const store = new DynamoChatStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable);
    const deps = (chats: ChatStore) => ({ chats, pepper: async () => TEST_PEPPER, retentionMonths: 6 });
    const chat = newChat({ minutesAgo: 3 * 24 * 60 });
    await recordChatEvent(chatEvent.parse(chat.started()), deps(store));
    const racing: ChatStore = Object.create(store);
    racing.putMessage = async (...args) => {
      await recordChatEvent(chatEvent.parse(chat.ended()), deps(store));
      return store.putMessage(...args);
    };
    let raises = 0;
    racing.setMessageExpiry = async (contactId, seq, expiresAt) => {
      if (expiresAt !== undefined && ++raises === 1) {
        await placeHold(
          contactId,
          { reason: 'dispute DS-3003', by: 'carol' },
          holdDeps(undefined, { chatRetentionMonths: 6 }),
        );
      }
      return store.setMessageExpiry(contactId, seq, expiresAt);
    };

    // Act
    await recordChatEvent(chatEvent.parse(chat.message(0, 'kilpajuoksu')), deps(racing));

    // Assess
    expect(raises).toBe(1);
    expect((await meta(chat.contactId))?.hold).toMatchObject({ reason: 'dispute DS-3003' });
    expect((await messages(chat.contactId)).map((m) => [m.seq, m.expiresAt])).toEqual([[0, undefined]]);
  });
});
