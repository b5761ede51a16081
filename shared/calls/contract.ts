import * as z from 'zod/mini';
import { envelope, externalId, instant, phoneText, provider } from '../kernel/contract';

/**
 * The canonical call webhook contract (Standard Webhooks envelope: type, timestamp, data).
 * Object schemas strip unknown keys: anything the notice does not list (N1, N15) never
 * gets past this file.
 */
/** Which call an event is about; the recording events carry it too. */
export const callRef = { provider, callId: externalId };
const direction = z.enum(['inbound', 'outbound'], { message: 'must be "inbound" or "outbound"' });
/** `null` or a marker such as "anonymous" means the caller withheld their number. */
const from = z.nullable(phoneText);
const to = phoneText;

export const callStarted = envelope(
  'call.started',
  z.object({
    ...callRef,
    direction,
    from,
    to,
    startedAt: instant,
  }),
);

export const callAnswered = envelope(
  'call.answered',
  z.object({
    ...callRef,
    answeredAt: instant,
    direction: z.optional(direction),
    from: z.optional(from),
    to: z.optional(to),
    startedAt: z.optional(instant),
  }),
);

export const callEnded = envelope(
  'call.ended',
  z.object({
    ...callRef,
    endedAt: instant,
    direction: z.optional(direction),
    from: z.optional(from),
    to: z.optional(to),
    startedAt: z.optional(instant),
    answeredAt: z.optional(instant),
  }),
);

/** N8: how the customer's identity was checked on the call. */
export const IDENTIFICATION_METHODS = [
  'suomi-fi',
  'bank-id',
  'mobile-certificate',
  'knowledge-questions',
  'call-back',
] as const;
export const IDENTIFICATION_RESULTS = ['verified', 'failed'] as const;

/** An opaque identifier: no spaces, at least one digit, so never a name (N8, N15). */
const opaqueId = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(128, 'must be at most 128 characters'),
    z.regex(
      /^(?=.*\d)[A-Za-z0-9._:-]+$/,
      'must be an opaque identifier (letters, digits and . _ : -, at least one digit), never a name',
    ),
  );

/**
 * N8: the **outcome** of an identification done during the call, never the identity data: the
 * method, when, the result, the agent (an opaque agent id) and the identification provider's
 * opaque transaction reference. Identity data in any field is refused (parse-call-event.ts).
 */
export const callIdentified = envelope(
  'call.identified',
  z.object({
    ...callRef,
    method: z.enum(IDENTIFICATION_METHODS, {
      message: `must be one of ${IDENTIFICATION_METHODS.join(', ')}`,
    }),
    identifiedAt: instant,
    result: z.enum(IDENTIFICATION_RESULTS, { message: 'must be "verified" or "failed"' }),
    agent: opaqueId,
    providerReference: opaqueId,
  }),
);

export const CALL_EVENT_TYPES = ['call.started', 'call.answered', 'call.ended', 'call.identified'] as const;

export const callEvent = z.discriminatedUnion(
  'type',
  [callStarted, callAnswered, callEnded, callIdentified],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `unknown event type; expected one of ${CALL_EVENT_TYPES.join(', ')}`
        : undefined,
  },
);

export type CallEvent = z.output<typeof callEvent>;
