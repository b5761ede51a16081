import { contactIdFor } from '../../../shared/kernel/contact-id';

let n = 0;

/** A fresh chat for each test, so tests do not see each other's records. */
export function newChat({
  channel = 'web-chat',
  origin = 'own-site',
  minutesAgo = 30,
}: {
  channel?: string;
  origin?: string;
  minutesAgo?: number;
} = {}) {
  const chatId = `CH-${Date.now()}-${++n}`;
  const ref = { provider: 'acme-cc', chatId };
  const startedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const endedAt = new Date(Date.now() - 60_000).toISOString();
  const at = (i: number) => new Date(Date.parse(startedAt) + (i + 1) * 1000).toISOString();
  return {
    chatId,
    contactId: contactIdFor('chat', 'acme-cc', chatId),
    startedAt,
    endedAt,
    started: (extra: Record<string, unknown> = {}) => ({
      type: 'chat.started',
      data: { ...ref, channel, origin, startedAt, nickname: 'Matti M.', ...extra },
    }),
    message: (seq: number, text: string, extra: Record<string, unknown> = {}) => ({
      type: 'chat.message',
      data: { ...ref, seq, role: 'customer', text, sentAt: at(seq), ...extra },
    }),
    agentMessage: (seq: number, text: string, agentName = 'Aino Agentti') => ({
      type: 'chat.message',
      data: { ...ref, seq, role: 'agent', agentName, text, sentAt: at(seq) },
    }),
    ended: (extra: Record<string, unknown> = {}) => ({
      type: 'chat.ended',
      data: { ...ref, endedAt, ...extra },
    }),
  };
}

/**
 * Text of exactly `bytes` UTF-8 bytes drawn from every Unicode plane a customer might type in:
 * ASCII, Finnish and Swedish letters, Greek, Cyrillic, CJK, Arabic (right-to-left), combining
 * marks left unnormalised, emoji with skin tones and ZWJ sequences, and supplementary-plane symbols.
 */
export function unicodeText(bytes: number, salt = 0): string {
  const pool = [
    'Hei! ',
    'äöå ÄÖÅ ',
    'Ωμέγα ',
    'Привет ',
    '你好世界 ',
    'مرحبا ',
    'e\u0301 ', // e + combining acute: must stay NFD
    '👩🏽‍💻 ',
    '👨‍👩‍👧‍👦 ',
    '🇫🇮 ',
    '𝄞𝕏 ',
    '\u200b\u00a0', // zero-width space, no-break space
    '"quotes" \\ backslash\n',
  ];
  let text = '';
  let size = 0;
  for (let i = salt; ; i++) {
    const piece = pool[i % pool.length] as string;
    const pieceBytes = Buffer.byteLength(piece, 'utf8');
    if (size + pieceBytes > bytes) break;
    text += piece;
    size += pieceBytes;
  }
  return text + 'x'.repeat(bytes - size); // pad with ASCII to the exact size
}
