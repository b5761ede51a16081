import { LOCAL_NAMES } from '../../../local/emulators';
import { DynamoCallStore } from '../../../shared/calls/dynamo-call-store';
import { DynamoChatStore } from '../../../shared/chats/dynamo-chat-store';
import { readChat } from '../../../shared/chats/read-chat';
import { nicknameSubjectKey } from '../../../shared/chats/record-chat-event';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { expiryFrom } from '../../../shared/kernel/expiry';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { allItems, getItem, queryContact, startSystem } from '../../support/local-system';
import { postSigned, signedHeaders, TEST_PEPPER } from '../../support/webhooks';
import { newChat, unicodeText } from './fixtures';

let system: Awaited<ReturnType<typeof startSystem>>;
let url: string;
let chats: DynamoChatStore;
beforeAll(async () => {
  system = await startSystem();
  url = `${system.url}/webhooks/acme-cc/chats`;
  chats = new DynamoChatStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable);
});
afterAll(async () => system.close());

const meta = (contactId: string) => getItem(contactPk(contactId), META);
const messageItems = async (contactId: string) =>
  (await queryContact(contactId)).filter((item) => String(item.sk).startsWith('MSG#'));
const post = (payload: unknown) => postSigned(url, payload);

describe('POST /webhooks/acme-cc/chats', () => {
  describe('N4, N5, N6: what a chat stores', () => {
    it('N4: stores start and end time, the nickname and details given, and the agent names on META', async () => {
      // Prepare
      const chat = newChat();
      // Act
      const started = await post(chat.started({ details: 'asiakasnumero 1234' }));
      await post(chat.message(0, 'Hei, tarvitsen apua lainan kanssa'));
      await post(chat.agentMessage(1, 'Hei Matti, autan mielelläni'));
      await post(chat.agentMessage(2, 'Siirrän sinut kollegalle', 'Bertil Berg'));
      const ended = await post(chat.ended());
      // Assess
      expect(started).toEqual({ status: 200, body: { contactId: chat.contactId, outcome: 'created' } });
      expect(ended.body.outcome).toBe('updated');
      const item = await meta(chat.contactId);
      const expiry = expiryFrom(chat.endedAt, 12);
      expect(item).toEqual({
        pk: `CONTACT#${chat.contactId}`,
        sk: 'META',
        kind: 'chat',
        contactId: chat.contactId,
        provider: 'acme-cc',
        providerChatId: chat.chatId,
        channel: 'web-chat',
        origin: 'own-site',
        nickname: 'Matti M.',
        details: 'asiakasnumero 1234',
        agents: ['Aino Agentti', 'Bertil Berg'],
        startedAt: chat.startedAt,
        endedAt: chat.endedAt,
        firstMessageAt: expect.any(String),
        expiresAt: expiry.expiresAt,
        expiresOn: expiry.expiresOn,
        gsi1pk: `SUBJECT#${nicknameSubjectKey('Matti M.', TEST_PEPPER)}`,
        gsi1sk: chat.startedAt,
        gsi2pk: `EXP#${expiry.expiresOn}`,
        gsi2sk: expiry.expiresAt,
        version: expect.any(Number),
      });
    });

    it('N5: stores the full transcript, one item per message, readable in sequence order', async () => {
      const chat = newChat();
      await post(chat.started());
      await post(chat.message(0, 'Kysymys'));
      await post(chat.agentMessage(1, 'Vastaus'));
      await post({ ...chat.message(2, 'Kiitos'), data: { ...chat.message(2, 'Kiitos').data, role: 'bot' } });
      await post(chat.ended());

      const view = await readChat(chat.contactId, { chats });

      expect(view?.record.nickname).toBe('Matti M.');
      expect(view?.messages).toEqual([
        { seq: 0, role: 'customer', text: 'Kysymys', sentAt: expect.any(String) },
        { seq: 1, role: 'agent', agentName: 'Aino Agentti', text: 'Vastaus', sentAt: expect.any(String) },
        { seq: 2, role: 'bot', text: 'Kiitos', sentAt: expect.any(String) },
      ]);
      expect((await messageItems(chat.contactId)).map((i) => i.sk)).toEqual([
        'MSG#000000',
        'MSG#000001',
        'MSG#000002',
      ]);
    });

    it.each([
      ['web-chat', 'own-site'],
      ['chatbot', 'own-site'],
      ['chatbot', 'vero-chatbot'],
      ['chatbot', 'migri-chatbot'],
    ])('N6: records channel %s with origin %s', async (channel, origin) => {
      const chat = newChat({ channel, origin });

      const res = await post(chat.started());

      expect(res.status).toBe(200);
      expect(await meta(chat.contactId)).toMatchObject({ channel, origin });
    });

    it('rejects an origin outside the closed list with 400 naming the field and the allowed values', async () => {
      const chat = newChat({ channel: 'chatbot', origin: 'kela-chatbot' });

      const res = await post(chat.started());

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'ValidationError',
        issues: [
          { path: 'data.origin', message: 'must be one of "own-site", "vero-chatbot", "migri-chatbot"' },
        ],
      });
      expect(await queryContact(chat.contactId)).toEqual([]);
    });

    it('rejects a web-chat said to come from a partner chatbot (N6: hand-overs are chatbot conversations)', async () => {
      const chat = newChat({ channel: 'web-chat', origin: 'vero-chatbot' });

      const res = await post(chat.started());

      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(
        'data.origin: a web-chat conversation starts on the company',
      );
    });

    it('rejects an unknown channel with 400', async () => {
      const chat = newChat({ channel: 'whatsapp' });

      const res = await post(chat.started());

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        issues: [{ path: 'data.channel', message: 'must be one of "web-chat", "chatbot"' }],
      });
    });
  });

  describe('N15: minimisation at the door', () => {
    it('drops fields the notice does not list (customerSsn, ipAddress, phone, email) from every item', async () => {
      const chat = newChat();
      const extra = {
        customerSsn: '010203A123B',
        ipAddress: '192.0.2.44',
        phone: '+358401234567',
        email: 'matti@example.com',
      };

      await post({ ...chat.started(extra), ipAddress: '192.0.2.44' });
      await post({ ...chat.message(0, 'Hei'), data: { ...chat.message(0, 'Hei').data, ...extra } });
      await post(chat.ended(extra));

      const stored = JSON.stringify(await queryContact(chat.contactId));
      for (const [field, value] of Object.entries(extra)) {
        expect(stored).not.toContain(field);
        expect(stored).not.toContain(value);
      }
    });

    it('drops an agent name sent with a customer or bot message', async () => {
      const chat = newChat();

      await post(chat.message(0, 'Hei', { agentName: 'Not An Agent' }));

      expect(JSON.stringify(await queryContact(chat.contactId))).not.toContain('Not An Agent');
    });

    it('rejects an agent message without the agent name with 400 naming the field', async () => {
      const chat = newChat();
      const { agentName: _omitted, ...data } = chat.agentMessage(0, 'Hei').data;

      const res = await post({ type: 'chat.message', data });

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        issues: [
          { path: 'data.agentName', message: expect.stringContaining('is required when role is "agent"') },
        ],
      });
    });
  });

  describe('duplicates and order', () => {
    it('answers a replayed webhook-id with the first response and stores the message once', async () => {
      const chat = newChat();
      const body = JSON.stringify(chat.message(0, 'Hei'));
      const headers = signedHeaders(body, { id: `msg_replay_${chat.chatId}` });

      const first = await fetch(url, { method: 'POST', headers, body });
      const replay = await fetch(url, { method: 'POST', headers, body });

      expect(first.status).toBe(200);
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual(await first.json());
      expect(await messageItems(chat.contactId)).toHaveLength(1);
    });

    it('treats the same (chat, sequence) under a new webhook-id as a duplicate', async () => {
      const chat = newChat();
      await post(chat.started());

      const first = await post(chat.message(3, 'Sama viesti'));
      const again = await post(chat.message(3, 'Sama viesti'));

      expect(first.body).toMatchObject({ outcome: 'created', seq: 3 });
      expect(again.body).toMatchObject({ outcome: 'duplicate', seq: 3 });
      expect(await messageItems(chat.contactId)).toHaveLength(1);
    });

    it('rejects a different message under a sequence number already stored with 409 and keeps the first', async () => {
      const chat = newChat();
      await post(chat.message(1, 'Ensimmäinen'));

      const res = await post(chat.message(1, 'Toinen'));

      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'SequenceConflictError',
        message: expect.stringContaining('sequence 1 of this chat already holds a different message'),
      });
      expect(JSON.stringify(res.body)).not.toContain('Toinen');
      expect((await readChat(chat.contactId, { chats }))?.messages.map((m) => m.text)).toEqual([
        'Ensimmäinen',
      ]);
    });

    it('returns out-of-order messages in sequence order and converges to the in-order META', async () => {
      const inOrder = newChat();
      const shuffled = newChat();
      const texts = ['nolla', 'yksi', 'kaksi', 'kolme', 'neljä', 'viisi'];
      const events = (chat: ReturnType<typeof newChat>) => [
        chat.started(),
        ...texts.map((t, i) => (i % 2 ? chat.agentMessage(i, t) : chat.message(i, t))),
        chat.ended(),
      ];

      for (const event of events(inOrder)) await post(event);
      // ended first, then messages backwards, started last; every other one delivered twice
      const reversed = events(shuffled).reverse();
      for (const [i, event] of reversed.entries()) {
        await post(event);
        if (i % 2) await post(event);
      }

      const a = await readChat(inOrder.contactId, { chats });
      const b = await readChat(shuffled.contactId, { chats });
      expect(b?.messages.map((m) => m.text)).toEqual(texts);
      expect(b?.messages.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5]);
      const comparable = (r: typeof a) => {
        const {
          contactId: _c,
          providerChatId: _p,
          startedAt: _s,
          endedAt: _e,
          firstMessageAt: _f,
          ...rest
        } = r?.record ?? {};
        return rest;
      };
      expect(comparable(b)).toEqual({
        ...comparable(a),
        expiresAt: expect.any(Number),
        expiresOn: expect.any(String),
      });
      expect(b?.record.expiresAt).toBe(expiryFrom(shuffled.endedAt, 12).expiresAt);
    });
  });

  describe('N13: retention', () => {
    it("N13: gives every message a TTL backstop no earlier than the chat's expiry, without re-stamping a short chat", async () => {
      // Prepare
      const chat = newChat({ minutesAgo: 90 });
      await post(chat.started());
      await post(chat.message(0, 'ennen loppua'));
      const [before] = await messageItems(chat.contactId);
      // Act
      await post(chat.ended());
      await post(chat.message(1, 'myöhässä saapunut'));
      // Assess
      const final = expiryFrom(chat.endedAt, 12).expiresAt;
      const items = await messageItems(chat.contactId);
      expect(await meta(chat.contactId)).toMatchObject({ expiresAt: final, gsi2sk: final });
      expect(items.map((i) => i.expiresAt)).toEqual([
        expiryFrom(new Date(Date.parse(String(items[0]?.sentAt)) + 86_400_000), 12).expiresAt,
        expiryFrom(new Date(Date.parse(String(items[1]?.sentAt)) + 86_400_000), 12).expiresAt,
      ]);
      expect(items[0]?.expiresAt).toBe(before?.expiresAt); // unchanged by the end: no re-stamp
      for (const item of items) {
        expect(item.expiresAt).toBeGreaterThanOrEqual(final);
        expect(item.expiresAt).toBeLessThanOrEqual(final + 25 * 3600);
      }
    });

    it('N13: raises the TTL of older messages to the final expiry when a chat ends more than a day after it began', async () => {
      // Prepare: a chat left open for three days
      const chat = newChat({ minutesAgo: 3 * 24 * 60 });
      await post(chat.started());
      await post(chat.message(0, 'ensimmäinen päivä'));
      const [early] = await messageItems(chat.contactId);
      const final = expiryFrom(chat.endedAt, 12).expiresAt;
      expect(early?.expiresAt).toBeLessThan(final);
      // Act
      await post(chat.ended());
      await post(chat.message(1, 'toinen päivä, saapui lopun jälkeen'));
      // Assess
      expect((await messageItems(chat.contactId)).map((i) => i.expiresAt)).toEqual([final, final]);
    });

    it('N13: serves the chat until its expiry and nothing from the moment it has passed', async () => {
      const chat = newChat();
      await post(chat.started());
      await post(chat.message(0, 'salaisuus'));
      await post(chat.ended());
      const expiresAt = expiryFrom(chat.endedAt, 12).expiresAt;

      const before = await readChat(chat.contactId, { chats, now: () => new Date((expiresAt - 1) * 1000) });
      const at = await readChat(chat.contactId, { chats, now: () => new Date(expiresAt * 1000) });

      expect(before?.messages).toHaveLength(1);
      expect(at).toBeUndefined();
      expect(await chats.findLiveChat(chat.contactId, new Date(expiresAt * 1000))).toBeUndefined();
    });

    it('N13: stores nothing for a chat that ended more than 12 months ago', async () => {
      const chat = newChat({ minutesAgo: 60 * 24 * 400 });
      const old = new Date(Date.now() - 370 * 86_400_000).toISOString();

      const res = await post(chat.ended({ endedAt: old }));
      const late = await post(chat.message(0, 'liian myöhään', { sentAt: old }));

      expect(res.body).toMatchObject({ outcome: 'expired' });
      expect(late.body).toMatchObject({ outcome: 'expired' });
      expect(await queryContact(chat.contactId)).toEqual([]);
    });
  });

  describe('N10: chats never lead to an SMS survey', () => {
    it('N10: stores no phone number for a chat, so it is never found as a call', async () => {
      const chat = newChat();

      await post(
        chat.started({ phone: '+358401234567', from: '+358401234567', customerNumber: '+358401234567' }),
      );
      await post(chat.message(0, 'Hei'));
      await post(chat.ended());

      const items = await queryContact(chat.contactId);
      expect(items.length).toBeGreaterThan(0);
      expect(JSON.stringify(items)).not.toMatch(/\+358|customerNumber|serviceNumber/);
      const calls = new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable);
      expect(await calls.getCall(chat.contactId)).toBeUndefined();
      expect(system.emulators.outbox).toEqual([]);
    });
  });

  describe('Unicode', () => {
    it('round-trips text, nickname and agent name byte for byte (emoji, RTL, combining marks, CJK)', async () => {
      const chat = newChat();
      const text = unicodeText(4000, 3);
      const nickname = 'Zoë 👩🏽‍💻 e\u0301 مرحبا';
      const agentName = 'Åsa Öhman-Ñúñez 李';

      await post(chat.started({ nickname }));
      await post(chat.message(0, text));
      await post(chat.agentMessage(1, '🇫🇮\u200b"\\\n\t', agentName));

      const view = await readChat(chat.contactId, { chats });
      const bytes = (s: string | undefined) => Buffer.from(s ?? '', 'utf8');
      expect(bytes(view?.messages[0]?.text).equals(bytes(text))).toBe(true);
      expect(bytes(view?.messages[1]?.text).equals(bytes('🇫🇮\u200b"\\\n\t'))).toBe(true);
      expect(bytes(view?.record.nickname).equals(bytes(nickname))).toBe(true);
      expect(bytes(view?.messages[1]?.agentName).equals(bytes(agentName))).toBe(true);
      expect(view?.messages[0]?.text.normalize('NFC')).not.toBe(text); // stayed un-normalised
    });

    it('rejects text with an unpaired surrogate with 400 instead of altering it', async () => {
      const chat = newChat();

      const res = await post(chat.message(0, 'broken \ud83d here'));

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        issues: [
          { path: 'data.text', message: expect.stringContaining('contains an unpaired UTF-16 surrogate') },
        ],
      });
      expect(await queryContact(chat.contactId)).toEqual([]);
    });
  });

  describe('HTTP errors', () => {
    it('rejects a bad signature with 401 and stores nothing', async () => {
      const chat = newChat();
      const body = JSON.stringify(chat.started());
      const headers = signedHeaders(body, { secret: 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==' });

      const res = await fetch(url, { method: 'POST', headers, body });

      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
        'signature does not verify',
      );
      expect(await queryContact(chat.contactId)).toEqual([]);
    });

    it('rejects a missing field with 400 naming it', async () => {
      const chat = newChat();
      const { sentAt: _omitted, ...data } = chat.message(0, 'Hei').data;

      const res = await post({ type: 'chat.message', data });

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ issues: [{ path: 'data.sentAt' }] });
    });

    it('rejects an unknown event type with 400 listing the known ones', async () => {
      const res = await post({ type: 'chat.deleted', data: {} });

      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('expected one of chat.started, chat.message, chat.ended');
    });

    it('rejects a body over 64 KB with 413', async () => {
      const chat = newChat();

      const res = await post(chat.message(0, 'x'.repeat(70 * 1024)));

      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'PayloadTooLarge' });
    });

    it('rejects a non-JSON content type with 415', async () => {
      const body = JSON.stringify(newChat().started());
      const headers = { ...signedHeaders(body), 'content-type': 'text/plain' };

      const res = await fetch(url, { method: 'POST', headers, body });

      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
        'content-type must be application/json',
      );
    });

    it('never puts the transcript or nickname into an error message', async () => {
      const chat = newChat();

      const res = await post(chat.message(-1, 'yksityinen viesti', { nickname: 'Matti M.' }));

      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toContain('yksityinen');
    });
  });

  it('keeps chat text and nicknames out of every key (N17)', async () => {
    const chat = newChat();
    await post(chat.started({ nickname: 'Avain Testi' }));
    await post(chat.message(0, 'avainteksti'));

    const items = await allItems();
    for (const item of items) {
      for (const key of ['pk', 'sk', 'gsi1pk', 'gsi2pk']) {
        if (item[key] !== undefined) expect(String(item[key])).toMatch(/^[A-Za-z0-9#_\-:.=]+$/);
      }
    }
    expect(items.length).toBeGreaterThan(0);
  });
});
