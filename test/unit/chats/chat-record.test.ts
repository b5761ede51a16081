import {
  applyChatEvent,
  type ChatFacts,
  type ChatRecord,
  normaliseNickname,
} from '../../../shared/chats/chat-record';
import { expiryFrom } from '../../../shared/kernel/expiry';
import { sameRecord as sameChatRecord } from '../../../shared/kernel/merge-record';

const base = { contactId: 'chat-0123456789abcdef0123456789abcdef', provider: 'acme', chatId: 'ch1' };
const startedAt = '2026-03-29T00:30:00.000Z';
const endedAt = '2026-03-29T01:10:00.000Z';
const started: ChatFacts = {
  ...base,
  type: 'chat.started',
  channel: 'chatbot',
  origin: 'vero-chatbot',
  startedAt,
  nickname: 'Matti',
  details: 'asiakas 42',
};
const customer: ChatFacts = { ...base, type: 'chat.message', sentAt: '2026-03-29T00:31:00.000Z' };
const agentA: ChatFacts = {
  ...base,
  type: 'chat.message',
  sentAt: '2026-03-29T00:32:00.000Z',
  agentName: 'Aino',
};
const agentB: ChatFacts = {
  ...base,
  type: 'chat.message',
  sentAt: '2026-03-29T00:40:00.000Z',
  agentName: 'Bertil',
};
const ended: ChatFacts = { ...base, type: 'chat.ended', endedAt };

const applyAll = (events: ChatFacts[]) =>
  events.reduce<ChatRecord | undefined>((r, e) => applyChatEvent(r, e, 12), undefined);

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]),
  );
}

describe('applyChatEvent', () => {
  it('N4/N6: holds exactly times, nickname, details, agent names, channel, origin and ids', () => {
    expect(applyAll([started, customer, agentA, agentB, ended])).toEqual({
      kind: 'chat',
      contactId: base.contactId,
      provider: 'acme',
      providerChatId: 'ch1',
      channel: 'chatbot',
      origin: 'vero-chatbot',
      nickname: 'Matti',
      details: 'asiakas 42',
      agents: ['Aino', 'Bertil'],
      startedAt,
      endedAt,
      firstMessageAt: customer.type === 'chat.message' ? customer.sentAt : '',
      ...expiryFrom(endedAt, 12),
    });
  });

  it('converges to the same record for every delivery order, with duplicates', () => {
    const events = [started, customer, agentA, agentB, ended];
    const expected = applyAll(events) as ChatRecord;
    for (const order of permutations(events)) {
      expect(applyAll([...order, ...order.slice(0, 2)])).toEqual(expected);
    }
  });

  it('N13: expiry is provisional from the start, final from the end', () => {
    expect(applyAll([started])).toMatchObject(expiryFrom(startedAt, 12));
    expect(applyAll([started, ended])).toMatchObject(expiryFrom(endedAt, 12));
  });

  it('N13: a chat seen only through messages expires from its earliest message, so the sweep can find it', () => {
    expect(applyAll([agentB, agentA])).toMatchObject({
      firstMessageAt: agentA.type === 'chat.message' ? agentA.sentAt : '',
      ...expiryFrom('2026-03-29T00:32:00.000Z', 12),
    });
  });

  it('uses its own retention setting (CHAT_RETENTION_MONTHS)', () => {
    expect(applyChatEvent(undefined, ended, 6)).toMatchObject(expiryFrom(endedAt, 6));
  });

  it('keeps no expiry while the chat is on hold (N9)', () => {
    const held: ChatRecord = {
      ...(applyAll([started]) as ChatRecord),
      hold: { reason: 'r', since: startedAt, by: 'ops' },
    };
    delete held.expiresAt;
    delete held.expiresOn;
    expect(applyChatEvent(held, ended, 12).expiresAt).toBeUndefined();
  });

  it('rejects an end before the start with a message naming both fields', () => {
    const early: ChatFacts = { ...base, type: 'chat.ended', endedAt: '2026-03-29T00:00:00.000Z' };
    expect(() => applyAll([started, early])).toThrow(
      'endedAt (2026-03-29T00:00:00.000Z) is before startedAt (2026-03-29T00:30:00.000Z)',
    );
  });

  it('stores no nickname or details when the customer gave none (null)', () => {
    const anonymous: ChatFacts = { ...started, nickname: null, details: null } as ChatFacts;
    const record = applyAll([anonymous]);
    expect(record).not.toHaveProperty('nickname');
    expect(record).not.toHaveProperty('details');
  });

  it('N10: has no phone-number field whatever the events carry', () => {
    const record = applyAll([{ ...started, customerNumber: '+358401234567' } as ChatFacts]);
    expect(JSON.stringify(record)).not.toContain('+358');
  });
});

describe('sameChatRecord', () => {
  it('ignores undefined fields and key order', () => {
    const record = applyAll([started]) as ChatRecord;
    expect(sameChatRecord({ ...record, endedAt: undefined }, { ...record })).toBe(true);
    expect(sameChatRecord(undefined, record)).toBe(false);
  });
});

describe('normaliseNickname (N16 lookups)', () => {
  it('folds case, width and whitespace but keeps letters', () => {
    expect(normaliseNickname('  Matti\u00a0 MEIKÄLÄINEN ')).toBe('matti meikäläinen');
    expect(normaliseNickname('Ｍａｔｔｉ')).toBe('matti');
    expect(normaliseNickname('Zoe\u0308')).toBe(normaliseNickname('Zoë'));
  });
});
