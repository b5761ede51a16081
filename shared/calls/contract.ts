import * as z from 'zod';
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
const from = phoneText.nullable();
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
    direction: direction.optional(),
    from: from.optional(),
    to: to.optional(),
    startedAt: instant.optional(),
  }),
);

export const callEnded = envelope(
  'call.ended',
  z.object({
    ...callRef,
    endedAt: instant,
    direction: direction.optional(),
    from: from.optional(),
    to: to.optional(),
    startedAt: instant.optional(),
    answeredAt: instant.optional(),
  }),
);

export const CALL_EVENT_TYPES = ['call.started', 'call.answered', 'call.ended'] as const;

export const callEvent = z.discriminatedUnion('type', [callStarted, callAnswered, callEnded], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `unknown event type; expected one of ${CALL_EVENT_TYPES.join(', ')}`
      : undefined,
});

export type CallEvent = z.output<typeof callEvent>;
