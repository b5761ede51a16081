import type { ChatRecord } from '../../../shared/chats/chat-record';
import {
  type ChatMessage,
  inSequenceOrder,
  messageExpiry,
  sameMessage,
  TRANSCRIPT_TTL_MARGIN_HOURS,
  transcriptNeedsRaise,
} from '../../../shared/chats/transcript';
import { expiryFrom } from '../../../shared/kernel/expiry';

const HOUR = 3_600_000;
const chat = (fields: Partial<ChatRecord>): ChatRecord => ({
  kind: 'chat',
  contactId: 'chat-0123456789abcdef0123456789abcdef',
  provider: 'acme',
  providerChatId: 'c',
  ...fields,
});
const at = (iso: string, plusHours: number) => new Date(Date.parse(iso) + plusHours * HOUR).toISOString();

describe('inSequenceOrder', () => {
  it('orders by sequence number, not by arrival or time', () => {
    const m = (seq: number, sentAt: string): ChatMessage => ({
      seq,
      role: 'customer',
      text: `${seq}`,
      sentAt,
    });
    const sorted = inSequenceOrder([m(10, '2026-01-01T00:00:00Z'), m(2, '2026-01-01T00:05:00Z'), m(7, 'x')]);
    expect(sorted.map((x) => x.seq)).toEqual([2, 7, 10]);
  });
});

describe('sameMessage', () => {
  const message: ChatMessage = { seq: 1, role: 'agent', agentName: 'Aino', text: 'Hei 👋', sentAt: 't' };
  it('is true only when every field matches', () => {
    expect(sameMessage(message, { ...message })).toBe(true);
    expect(sameMessage(message, { ...message, text: 'Hei 👋 ' })).toBe(false);
    expect(sameMessage(message, { ...message, agentName: undefined })).toBe(false);
  });
});

describe('messageExpiry (N13 TTL backstop)', () => {
  // Helsinki DST changes: 2026-03-29 and 2026-10-25 (03:00/04:00 local), plus month-end clamping.
  const starts = [
    '2026-03-28T22:30:00Z',
    '2026-03-29T00:59:00Z',
    '2026-10-24T23:30:00Z',
    '2026-10-25T00:30:00Z',
    '2026-01-30T22:00:00Z',
    '2024-02-28T23:00:00Z',
    '2026-06-15T12:00:00Z',
  ];

  it('N13: is never earlier than the final expiry of a chat that ends within the margin', () => {
    for (const startedAt of starts) {
      for (const sentAfter of [0, 0.5, 3, 10]) {
        for (const endAfter of [sentAfter, sentAfter + 1, TRANSCRIPT_TTL_MARGIN_HOURS - 2.01]) {
          const sentAt = at(startedAt, sentAfter);
          const endedAt = at(startedAt, Math.max(endAfter, sentAfter));
          const ended = chat({ startedAt, endedAt, ...expiryFrom(endedAt, 12) });
          const provisional = chat({ startedAt, ...expiryFrom(startedAt, 12) });
          // stamped before the end was known; the end needs no raise
          expect(messageExpiry(sentAt, provisional, 12)).toBeGreaterThanOrEqual(ended.expiresAt as number);
          expect(transcriptNeedsRaise(ended)).toBe(false);
        }
      }
    }
  });

  it("N13: is at least the chat's current expiry, even for a message with a wildly early clock", () => {
    const record = chat({ startedAt: '2026-06-15T12:00:00Z', ...expiryFrom('2026-06-15T12:00:00Z', 12) });
    expect(messageExpiry('2020-01-01T00:00:00Z', record, 12)).toBe(record.expiresAt);
  });

  it('N9: is undefined (no TTL) while the chat is on hold', () => {
    expect(
      messageExpiry('2026-06-15T12:00:00Z', chat({ hold: { reason: 'r', since: 's', by: 'b' } }), 12),
    ).toBeUndefined();
  });

  it("exceeds the chat's expiry by at most the margin plus an hour", () => {
    const endedAt = '2026-06-15T12:30:00Z';
    const record = chat({ startedAt: '2026-06-15T12:00:00Z', endedAt, ...expiryFrom(endedAt, 12) });
    const ttl = messageExpiry('2026-06-15T12:29:00Z', record, 12) as number;
    expect(ttl - (record.expiresAt as number)).toBeLessThanOrEqual((TRANSCRIPT_TTL_MARGIN_HOURS + 1) * 3600);
  });
});

describe('transcriptNeedsRaise', () => {
  it('is true for a chat that ended more than a day after it began, by start or first message', () => {
    expect(
      transcriptNeedsRaise(chat({ startedAt: '2026-06-01T00:00:00Z', endedAt: '2026-06-03T00:00:00Z' })),
    ).toBe(true);
    expect(
      transcriptNeedsRaise(chat({ firstMessageAt: '2026-06-01T00:00:00Z', endedAt: '2026-06-03T00:00:00Z' })),
    ).toBe(true);
  });

  it('is false before the end, on hold, and for short chats', () => {
    expect(transcriptNeedsRaise(chat({ startedAt: '2026-06-01T00:00:00Z' }))).toBe(false);
    expect(transcriptNeedsRaise(chat({ endedAt: '2026-06-03T00:00:00Z' }))).toBe(false);
    expect(
      transcriptNeedsRaise(
        chat({
          startedAt: '2026-06-01T00:00:00Z',
          endedAt: '2026-06-03T00:00:00Z',
          hold: { reason: 'r', since: 's', by: 'b' },
        }),
      ),
    ).toBe(false);
  });
});
