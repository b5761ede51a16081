import * as z from 'zod/mini';
import { envelope, externalId, instant, provider } from '../kernel/contract';

/**
 * The canonical chat webhook contract (Standard Webhooks envelope: type, timestamp, data).
 * Object schemas strip unknown keys: only what N4/N5/N6 list (times, nickname or details the
 * customer gave, agent name, the conversation's content, channel and origin) plus technical ids
 * get past this file (N15). No schema here has a phone-number field: chats never get an SMS
 * survey (N10).
 *
 * Validation messages never repeat a value that may be personal data (nickname, details, text).
 */

/** N6: how the conversation is held. */
export const CHAT_CHANNELS = ['web-chat', 'chatbot'] as const;
/**
 * N6: where it started. `own-site`: the company's own web pages (web chat or its chatbot);
 * `vero-chatbot` / `migri-chatbot`: handed over by the chatbot of the Finnish Tax Administration
 * (Vero) or the Finnish Immigration Service (Migri). A closed list: add a partner here and in
 * docs/chats.md when a new hand-over agreement exists.
 */
export const CHAT_ORIGINS = ['own-site', 'vero-chatbot', 'migri-chatbot'] as const;
export const PARTNER_ORIGINS = ['vero-chatbot', 'migri-chatbot'] as const;
export const SENDER_ROLES = ['customer', 'agent', 'bot'] as const;

/** Sequence numbers are stored zero-padded to this many digits so items sort in sequence order. */
export const MAX_SEQUENCE = 999_999;
/** Longest message text accepted, in UTF-8 bytes (well above the 8 KB a long message needs). */
export const MAX_TEXT_BYTES = 32 * 1024;

export type ChatChannel = (typeof CHAT_CHANNELS)[number];
export type ChatOrigin = (typeof CHAT_ORIGINS)[number];
export type SenderRole = (typeof SENDER_ROLES)[number];

const oneOf = (values: readonly string[]) => `must be one of ${values.map((v) => `"${v}"`).join(', ')}`;

const channel = z.enum(CHAT_CHANNELS, { message: oneOf(CHAT_CHANNELS) });
const origin = z.enum(CHAT_ORIGINS, { message: oneOf(CHAT_ORIGINS) });
const role = z.enum(SENDER_ROLES, { message: oneOf(SENDER_ROLES) });

/**
 * Text kept exactly as sent (no trimming or Unicode normalisation), so it round-trips byte for
 * byte. Lone UTF-16 surrogates cannot be stored as UTF-8 without being replaced, so they are
 * refused rather than silently altered.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const wellFormed = (maxBytes: number) =>
  z.string({ message: 'must be a string' }).check(
    z.refine((value) => !LONE_SURROGATE.test(value), {
      message: `contains an unpaired UTF-16 surrogate; send valid Unicode (escape pairs as \\ud83d\\ude00)`,
    }),
    z.refine((value) => Buffer.byteLength(value, 'utf8') <= maxBytes, {
      message: `must be at most ${maxBytes} bytes of UTF-8`,
    }),
  );
const notBlank = (message: string) => z.refine<string>((value) => value.trim().length > 0, { message });

/** N4: the nickname the customer gave; `null` or absent when they gave none. */
const nickname = z.nullable(
  wellFormed(200).check(notBlank('must not be blank; send null if none was given')),
);
/** N4: "other details the customer gave" in the pre-chat form, as one short text. */
const details = z.nullable(wellFormed(1000));
/** N4: the customer-service agent's name as shown to the customer. */
const agentName = wellFormed(200).check(notBlank('must not be blank'));

const chatRef = { provider, chatId: externalId };

export const chatStarted = envelope(
  'chat.started',
  z
    .object({
      ...chatRef,
      channel,
      origin,
      startedAt: instant,
      nickname: z.optional(nickname),
      details: z.optional(details),
    })
    .check(
      z.superRefine((data, ctx) => {
        // N6: partner authorities hand conversations over from their chatbots; web chat starts on our pages.
        if (data.channel === 'web-chat' && data.origin !== 'own-site') {
          ctx.addIssue({
            code: 'custom',
            path: ['origin'],
            message: `a web-chat conversation starts on the company's own pages: use origin "own-site", or channel "chatbot" for a hand-over from ${PARTNER_ORIGINS.join(' or ')}`,
          });
        }
      }),
    ),
);

export const chatMessage = envelope(
  'chat.message',
  z.pipe(
    z
      .object({
        ...chatRef,
        seq: z
          .number({ message: 'must be a whole number' })
          .check(
            z.int('must be a whole number'),
            z.gte(0, 'must be 0 or more'),
            z.lte(MAX_SEQUENCE, `must be at most ${MAX_SEQUENCE}`),
          ),
        role,
        agentName: z.optional(agentName),
        text: wellFormed(MAX_TEXT_BYTES).check(
          z.refine((value) => value.length > 0, { message: 'must not be empty' }),
        ),
        sentAt: instant,
      })
      .check(
        z.superRefine((data, ctx) => {
          if (data.role === 'agent' && data.agentName === undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['agentName'],
              message: 'is required when role is "agent" (N4: the agent\'s name is recorded)',
            });
          }
        }),
      ),
    // N15: only an agent's message names a person; a name sent with a customer or bot message is dropped.
    z.transform(({ agentName, ...rest }) => (rest.role === 'agent' ? { ...rest, agentName } : rest)),
  ),
);

export const chatEnded = envelope('chat.ended', z.object({ ...chatRef, endedAt: instant }));

export const CHAT_EVENT_TYPES = ['chat.started', 'chat.message', 'chat.ended'] as const;

export const chatEvent = z.discriminatedUnion('type', [chatStarted, chatMessage, chatEnded], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `unknown event type; expected one of ${CHAT_EVENT_TYPES.join(', ')}`
      : undefined,
});

export type ChatEvent = z.output<typeof chatEvent>;
export type ChatStartedEvent = z.output<typeof chatStarted>;
export type ChatMessageEvent = z.output<typeof chatMessage>;
export type ChatEndedEvent = z.output<typeof chatEnded>;
