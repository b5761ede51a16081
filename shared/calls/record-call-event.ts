import { contactIdFor } from '../kernel/contact-id';
import { ConcurrentUpdateError } from '../kernel/errors';
import { isExpired } from '../kernel/expiry';
import { normalisePhone, type PhoneNumber } from '../kernel/phone';
import { subjectKey } from '../kernel/pseudonym';
import { applyCallEvent, type CallRecord, type NormalisedCallEvent, sameCallRecord } from './call-record';
import type { CallStore } from './call-store';
import type { CallEvent } from './contract';

export interface RecordCallEventDeps {
  calls: CallStore;
  /** Secret pepper for pseudonymous subject keys. */
  pepper: () => Promise<string>;
  retentionMonths: number;
  defaultCountry: string;
  now?: () => Date;
}

export type RecordOutcome = 'created' | 'updated' | 'unchanged' | 'expired';

const MAX_ATTEMPTS = 5;

/**
 * Store what one call event says. Idempotent and order-independent: duplicates and
 * out-of-order deliveries converge on the same record (see applyCallEvent). Resolves only
 * once the write is durable.
 */
export async function recordCallEvent(
  event: CallEvent,
  deps: RecordCallEventDeps,
): Promise<{ contactId: string; outcome: RecordOutcome; record?: CallRecord }> {
  return recordNormalisedCallEvent(normalise(event, deps.defaultCountry), deps);
}

/** The same, for an event a native dialect (shared/twilio/) has already normalised. */
export async function recordNormalisedCallEvent(
  normalised: NormalisedCallEvent,
  deps: RecordCallEventDeps,
): Promise<{ contactId: string; outcome: RecordOutcome; record?: CallRecord }> {
  const event = normalised;
  const { contactId } = normalised;
  const now = deps.now?.() ?? new Date();

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // call.started is nearly always a call's first event: its first attempt is a create whose
    // condition (nothing stored yet) does the read's job. Only if a record exists (an event
    // came first, a duplicate, an expired call) does it read and merge like every other event.
    const stored =
      attempt === 0 && event.type === 'call.started' ? undefined : await deps.calls.getCall(contactId);
    // N13: a contact past its expiry is gone; a late event must not bring it back.
    if (stored && isExpired(stored.record, now)) return { contactId, outcome: 'expired' };

    const next = applyCallEvent(stored?.record, normalised, deps.retentionMonths);
    // N13: a call whose period is already over when this event arrives (a 13-month-old start, or
    // a late end of a call the sweep has deleted) is never stored: it would never be swept.
    if (isExpired(next, now)) return { contactId, outcome: 'expired' };
    if (sameCallRecord(stored?.record, next)) return { contactId, outcome: 'unchanged', record: next };

    const key = next.customerNumber ? subjectKey(next.customerNumber, await deps.pepper()) : undefined;
    const saved = await deps.calls.saveCall(next, { expectedVersion: stored?.version, subjectKey: key, now });
    if (saved) return { contactId, outcome: stored ? 'updated' : 'created', record: next };
  }
  throw new ConcurrentUpdateError(contactId);
}

function normalise(event: CallEvent, defaultCountry: string): NormalisedCallEvent {
  const contactId = contactIdFor('call', event.data.provider, event.data.callId);
  const base = { contactId, provider: event.data.provider, callId: event.data.callId };
  if (event.type === 'call.identified') {
    const { method, identifiedAt, result, agent, providerReference } = event.data;
    return {
      ...base,
      type: event.type,
      identification: { method, identifiedAt, result, agent, providerReference },
    };
  }
  const { data } = event;
  const direction = data.direction;
  const phone = (raw: string | null | undefined, field: 'from' | 'to'): PhoneNumber | undefined => {
    if (raw === undefined) return undefined;
    // Only the customer's side of an inbound call may be withheld; service numbers never are.
    const customerSide = direction === undefined || (direction === 'inbound') === (field === 'from');
    return normalisePhone(raw, `data.${field}`, { defaultCountry, allowWithheld: customerSide });
  };
  return {
    ...base,
    type: event.type,
    direction,
    from: phone(data.from, 'from'),
    to: phone(data.to, 'to'),
    startedAt: data.startedAt,
    answeredAt: 'answeredAt' in data ? data.answeredAt : undefined,
    endedAt: 'endedAt' in data ? data.endedAt : undefined,
  };
}
