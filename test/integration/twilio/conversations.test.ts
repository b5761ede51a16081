import { randomBytes } from 'node:crypto';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { getItem, queryContact, startSystem } from '../../support/local-system';
import { postTwilio, TWILIO_ACCOUNT_SID, TWILIO_PLATFORM } from '../../support/twilio';

let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => system.close());

const ROUTE = 'twilio/conversations';
const SERVICE_SID = `IS${'5'.repeat(32)}`;
const CUSTOMER_PHONE = '+358401239876';

/**
 * Conversations post-event webhooks as documented at
 * https://www.twilio.com/docs/conversations/conversations-webhooks (onConversationAdded,
 * onMessageAdded, onConversationStateUpdated: AccountSid, ChatServiceSid, ConversationSid,
 * EventType, DateCreated/DateUpdated, FriendlyName, UniqueName, Attributes, MessagingBinding.*,
 * State/StateFrom/StateTo, Index, Author, Body, MessageSid, ParticipantSid, Media, Source, RetryCount).
 */
function newConversation() {
  const sid = `CH${randomBytes(16).toString('hex')}`;
  const base = {
    AccountSid: TWILIO_ACCOUNT_SID,
    ChatServiceSid: SERVICE_SID,
    ConversationSid: sid,
    RetryCount: '0',
  };
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 20 * 60_000;
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  return {
    sid,
    contactId: contactIdFor('chat', TWILIO_PLATFORM, sid),
    at,
    added: {
      ...base,
      EventType: 'onConversationAdded',
      DateCreated: at(0),
      FriendlyName: 'Matti Meikäläinen',
      Attributes: '{}',
      State: 'active',
      Source: 'SMS',
      'MessagingBinding.Address': CUSTOMER_PHONE,
      'MessagingBinding.ProxyAddress': '+358968298003',
    },
    message: (index: number, author: string, body: string) => ({
      ...base,
      EventType: 'onMessageAdded',
      MessageSid: `IM${randomBytes(16).toString('hex')}`,
      Index: String(index),
      Author: author,
      Body: body,
      DateCreated: at(10 + index),
      ParticipantSid: `MB${'1'.repeat(32)}`,
      Attributes: '{}',
      Source: 'SDK',
    }),
    closed: {
      ...base,
      EventType: 'onConversationStateUpdated',
      StateFrom: 'active',
      StateTo: 'closed',
      DateUpdated: at(300),
      Reason: 'TIMER',
    },
  };
}

describe('Twilio Conversations (N4, N10)', () => {
  it('N4: stores start, messages in Index order (any arrival order), roles and the agent name; end on close', async () => {
    const chat = newConversation();
    const messages = [
      chat.message(0, CUSTOMER_PHONE, 'Hei, laskuni on väärin'),
      chat.message(1, 'bot', 'Yhdistän asiakaspalveluun'),
      chat.message(2, 'agent:Aino Agentti', 'Autan mielelläni'),
    ];
    const posts = [messages[2], chat.closed, messages[0], chat.added, messages[1], messages[2]];
    const answers = [];
    for (const params of posts)
      answers.push(await postTwilio(system.url, ROUTE, params as Record<string, string>));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers[5]?.body).toMatchObject({ outcome: 'duplicate', seq: 2 });

    const meta = await getItem(contactPk(chat.contactId), META);
    expect(meta).toMatchObject({
      kind: 'chat',
      provider: TWILIO_PLATFORM,
      startedAt: chat.at(0),
      endedAt: chat.at(300),
      channel: 'web-chat',
      origin: 'own-site',
    });
    const items = await queryContact(chat.contactId);
    const stored = items.filter((i) => String(i.sk).startsWith('MSG#'));
    expect(stored.map((m) => [m.seq, m.role, m.agentName, m.text])).toEqual([
      [0, 'customer', undefined, 'Hei, laskuni on väärin'],
      [1, 'bot', undefined, 'Yhdistän asiakaspalveluun'],
      [2, 'agent', 'Aino Agentti', 'Autan mielelläni'],
    ]);
  });

  it("N10: the customer's phone number (author, binding address) and the friendly name are never stored", async () => {
    const chat = newConversation();
    await postTwilio(system.url, ROUTE, chat.added);
    await postTwilio(system.url, ROUTE, chat.message(0, CUSTOMER_PHONE, 'Hei'));
    const everything = JSON.stringify(await queryContact(chat.contactId));
    expect(everything).not.toContain('401239876');
    expect(everything).not.toContain('Meikäläinen');
  });

  it('same signature rules: a bad signature is a 403 and nothing is stored; other events are ignored', async () => {
    const chat = newConversation();
    const bad = await postTwilio(system.url, ROUTE, chat.added, { token: 'wrong' });
    expect(bad.status).toBe(403);
    expect(await queryContact(chat.contactId)).toEqual([]);
    const other = await postTwilio(system.url, ROUTE, { ...chat.closed, StateTo: 'inactive' });
    expect(other).toEqual({ status: 200, body: { outcome: 'ignored' } });
  });
});
