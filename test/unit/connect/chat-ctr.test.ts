import type { ChatRecord } from '../../../shared/chats/chat-record';
import { ctrToChatFacts } from '../../../shared/connect/chat-ctr';
import { applyConnectChatFacts, type ConnectChatFacts } from '../../../shared/connect/chat-meta';
import { contactTraceRecord } from '../../../shared/connect/contract';
import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { chatCtr } from './chat-fixtures';

const FIRST_LEG = '1a2b3c4d-5e6f-4a70-8b9c-0d1e2f3a4b5c';
const SECOND_LEG = '2b3c4d5e-6f70-4a81-9cad-1e2f3a4b5c6d';
const contactId = contactIdFor('chat', CONNECT_PROVIDER, FIRST_LEG);
const t = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, minute));

describe('ctrToChatFacts (chat CTR -> the chat it belongs to)', () => {
  it('N4: start and end from the CTR; nothing else of it (N15)', () => {
    const ctr = contactTraceRecord.parse(chatCtr({ contactId: FIRST_LEG, start: t(0), end: t(9) }));
    expect(ctrToChatFacts(ctr)).toEqual({
      contactId,
      chatId: FIRST_LEG,
      startedAt: t(0).toISOString(),
      endedAt: t(9).toISOString(),
    });
  });

  it("a transferred leg keys on InitialContactId: one chat, which keeps the leg's own ContactId", () => {
    const leg = chatCtr({
      contactId: SECOND_LEG,
      initialContactId: FIRST_LEG,
      previousContactId: FIRST_LEG,
      start: t(5),
    });
    expect(ctrToChatFacts(contactTraceRecord.parse(leg))).toEqual({
      contactId,
      chatId: FIRST_LEG,
      legId: SECOND_LEG,
      startedAt: t(5).toISOString(),
    });
  });

  it('a supervisor monitoring the chat is not a leg of it', () => {
    const monitor = { ...chatCtr({ contactId: SECOND_LEG, start: t(5) }), InitiationMethod: 'MONITOR' };
    expect(ctrToChatFacts(contactTraceRecord.parse(monitor))).toBeUndefined();
  });
});

describe('applyConnectChatFacts', () => {
  const base = { contactId, chatId: FIRST_LEG };
  const facts: ConnectChatFacts[] = [
    { ...base, startedAt: t(5).toISOString(), endedAt: t(20).toISOString() },
    { ...base, startedAt: t(0).toISOString(), endedAt: t(5).toISOString() },
    { ...base, startedAt: t(1).toISOString(), endedAt: t(19).toISOString(), nickname: 'Kissa' },
  ];

  it('N6: web-chat from the own site; start the earliest, end the latest, in any order', () => {
    const apply = (all: ConnectChatFacts[]) =>
      all.reduce<ChatRecord | undefined>((record, f) => applyConnectChatFacts(record, f, 12), undefined);
    const forward = apply(facts);
    const backward = apply([...facts].reverse());
    expect(forward).toEqual(backward);
    expect(forward).toMatchObject({
      kind: 'chat',
      provider: CONNECT_PROVIDER,
      providerChatId: FIRST_LEG,
      channel: 'web-chat',
      origin: 'own-site',
      startedAt: t(0).toISOString(),
      endedAt: t(20).toISOString(),
      nickname: 'Kissa',
      expiresOn: '2027-11-02',
    });
  });

  it('rejects a chat that ends before it starts', () => {
    expect(() =>
      applyConnectChatFacts(
        undefined,
        { ...base, startedAt: t(9).toISOString(), endedAt: t(1).toISOString() },
        12,
      ),
    ).toThrow(/ends \(2026-11-02T10:01:00.000Z\) before it starts/);
  });
});
