import { chatEvent } from '../../../shared/chats/contract';
import { loadEnv } from '../../../shared/kernel/env';
import { parseOrThrow } from '../../../shared/kernel/parse';
import { opsEnv } from '../../../shared/ops/env';

/**
 * The schemas are built with zod/mini, which has no messages of its own for a field without a
 * custom one: shared/kernel/zod-messages.ts loads the English ones. This file loads no classic
 * zod, so these messages can only come from that module.
 */
describe('validation messages without a custom text', () => {
  it('rejects a field of the wrong type, naming the type expected and the type received', () => {
    // Prepare
    const body = {
      type: 'chat.ended',
      data: { provider: 'acme-cc', chatId: 7, endedAt: '2026-01-31T10:00:00Z' },
    };

    // Act
    const act = () => parseOrThrow(chatEvent, body, 'chat event');

    // Assess
    expect(act).toThrow(
      'chat event is invalid: data.chatId: Invalid input: expected string, received number',
    );
  });

  it('fails to start naming each missing or out-of-range variable', () => {
    expect(() => loadEnv(opsEnv, { RETENTION_MONTHS: '0' })).toThrow(
      /^invalid function environment: CONTACTS_TABLE: Invalid input: expected string, received undefined; .*RETENTION_MONTHS: Too small: expected number to be >=1/,
    );
  });
});
