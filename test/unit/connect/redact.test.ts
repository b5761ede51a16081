import {
  applyCallEvent,
  type CallRecord,
  MAX_LEGS,
  type NormalisedCallEvent,
} from '../../../shared/calls/call-record';
import type { ChatRecord } from '../../../shared/chats/chat-record';
import { applyConnectChatFacts, type ConnectChatFacts } from '../../../shared/connect/chat-meta';
import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { CONNECT, connectContactIdsOf } from '../../../shared/connect/redact-enqueue';
import { connectRedactionJob } from '../../../shared/connect/redact-message';

// Which Connect ContactIds a contact keeps, so that each is redacted at Connect when it leaves.
const FIRST = '1a2b3c4d-5e6f-4a70-8b9c-0d1e2f3a4b5c';
const LEG_A = '2b3c4d5e-6f70-4a81-9cad-1e2f3a4b5c6d';
const LEG_B = '3c4d5e6f-7081-4a92-8bcd-2f3a4b5c6d7e';

const callBase = {
  contactId: 'call-0123456789abcdef0123456789abcdef',
  provider: CONNECT_PROVIDER,
  callId: FIRST,
};
const initial: NormalisedCallEvent = {
  ...callBase,
  type: 'call.ended',
  direction: 'inbound',
  startedAt: '2026-03-02T08:00:00.000Z',
  endedAt: '2026-03-02T08:05:00.000Z',
  sourceUpdatedAt: '2026-03-02T08:06:00.000Z',
};
const leg = (legId: string, endedAt: string): NormalisedCallEvent => ({
  ...callBase,
  type: 'call.ended',
  legEndedAt: endedAt,
  legId,
});
const mergeCall = (events: NormalisedCallEvent[]) =>
  events.reduce<CallRecord | undefined>((record, event) => applyCallEvent(record, event, 12), undefined);

describe('a Connect call keeps the ContactIds of its transfer legs', () => {
  it('in any order and however often they arrive, each once, sorted', () => {
    const a = leg(LEG_A, '2026-03-02T08:09:00.000Z');
    const b = leg(LEG_B, '2026-03-02T08:12:00.000Z');
    const orders = [
      [initial, a, b],
      [b, a, initial, a],
      [a, initial, b, b],
    ];
    for (const order of orders) expect(mergeCall(order)?.legIds).toEqual([LEG_A, LEG_B]);
  });

  it('a call with no transfer keeps none', () => {
    expect(mergeCall([initial])?.legIds).toBeUndefined();
  });

  it(`rejects a leg past ${MAX_LEGS}, naming the limit`, () => {
    const full = { ...mergeCall([initial]), legIds: Array.from({ length: MAX_LEGS }, (_, i) => `leg-${i}`) };
    expect(() => applyCallEvent(full as CallRecord, leg(LEG_A, '2026-03-02T08:09:00.000Z'), 12)).toThrow(
      `a contact keeps at most ${MAX_LEGS} transfer legs`,
    );
  });
});

describe('a Connect chat keeps the ContactIds of its hand-over legs', () => {
  const facts = (legId?: string): ConnectChatFacts => ({
    contactId: 'chat-0123456789abcdef0123456789abcdef',
    chatId: FIRST,
    startedAt: '2026-11-02T10:00:00.000Z',
    ...(legId ? { legId } : {}),
  });
  it('in any order, each once; the first leg is the chat itself', () => {
    const merge = (all: ConnectChatFacts[]) =>
      all.reduce<ChatRecord | undefined>((record, f) => applyConnectChatFacts(record, f, 12), undefined);
    expect(merge([facts(LEG_B), facts(), facts(LEG_A), facts(LEG_B)])?.legIds).toEqual([LEG_A, LEG_B]);
    expect(merge([facts(), facts(FIRST)])?.legIds).toBeUndefined();
  });
});

describe('connectContactIdsOf (what a leaving contact still has at Connect)', () => {
  it('a Connect contact: its own ContactId and every leg, each once', () => {
    expect(
      connectContactIdsOf({
        contactId: 'call-x',
        provider: CONNECT_PROVIDER,
        platformIds: [FIRST, LEG_A, FIRST],
      }),
    ).toEqual([FIRST, LEG_A]);
  });

  it('a contact of any other platform: none', () => {
    expect(connectContactIdsOf({ contactId: 'call-x', provider: 'twilio', platformIds: ['CA123'] })).toEqual(
      [],
    );
  });

  it('agrees with the CTR mapping on the provider name', () => {
    expect(CONNECT).toBe(CONNECT_PROVIDER);
  });
});

describe('the redaction job', () => {
  it('N17: carries ContactIds and nothing else', () => {
    const parsed = connectRedactionJob.parse({ contactIds: [FIRST], customerNumber: '+358401234567' });
    expect(parsed).toEqual({ contactIds: [FIRST] });
  });

  it('rejects a job with no ContactId', () => {
    expect(connectRedactionJob.safeParse({ contactIds: [] }).success).toBe(false);
  });
});
