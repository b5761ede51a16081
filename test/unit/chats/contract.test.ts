import { CHAT_ORIGINS, chatEvent, MAX_TEXT_BYTES } from '../../../shared/chats/contract';
import { parseOrThrow } from '../../../shared/kernel/parse';

const ref = { provider: 'acme-cc', chatId: 'CH-1' };
const started = (data: Record<string, unknown> = {}) => ({
  type: 'chat.started',
  data: { ...ref, channel: 'chatbot', origin: 'own-site', startedAt: '2026-01-31T12:00:00+02:00', ...data },
});
const message = (data: Record<string, unknown> = {}) => ({
  type: 'chat.message',
  data: { ...ref, seq: 0, role: 'customer', text: 'Hei', sentAt: '2026-01-31T10:00:01Z', ...data },
});
const parse = (value: unknown) => parseOrThrow(chatEvent, value, 'chat event');

describe('chat contract', () => {
  it('N6: accepts exactly the three origins: own site, Vero and Migri chatbots', () => {
    expect(CHAT_ORIGINS).toEqual(['own-site', 'vero-chatbot', 'migri-chatbot']);
    for (const origin of CHAT_ORIGINS) expect(parse(started({ origin })).data).toMatchObject({ origin });
  });

  it('normalises times to UTC', () => {
    expect(parse(started()).data).toMatchObject({ startedAt: '2026-01-31T10:00:00.000Z' });
  });

  it('N15: strips unknown fields at every level', () => {
    const parsed = parse({ ...message({ customerSsn: '010203A123B', ipAddress: '192.0.2.1' }), extra: 1 });
    expect(JSON.stringify(parsed)).not.toMatch(/customerSsn|ipAddress|010203A123B|extra/);
  });

  it.each([
    [{ seq: -1 }, 'data.seq: must be 0 or more'],
    [{ seq: 1.5 }, 'data.seq: must be a whole number'],
    [{ seq: 1_000_000 }, 'data.seq: must be at most 999999'],
    [{ role: 'system' }, 'data.role: must be one of "customer", "agent", "bot"'],
    [{ text: '' }, 'data.text: must not be empty'],
    [
      { text: 'ä'.repeat(MAX_TEXT_BYTES / 2 + 1) },
      `data.text: must be at most ${MAX_TEXT_BYTES} bytes of UTF-8`,
    ],
    [{ sentAt: '2026-01-31 10:00' }, 'data.sentAt: must be an ISO-8601 date-time with an offset'],
  ])('rejects message %j with "%s"', (data, expected) => {
    expect(() => parse(message(data))).toThrow(expected);
  });

  it('rejects a blank nickname, telling the sender to send null instead', () => {
    expect(() => parse(started({ nickname: '   ' }))).toThrow('data.nickname: must not be blank; send null');
  });

  it('never repeats a rejected text or nickname in the error', () => {
    const secret = 'salainen \ud800';
    expect(() => parse(message({ text: secret }))).toThrow(/unpaired UTF-16 surrogate/);
    try {
      parse(started({ nickname: secret, origin: 'nope' }));
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('salainen');
    }
    expect.assertions(2);
  });
});
