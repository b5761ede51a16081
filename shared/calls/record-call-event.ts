import { contactIdFor } from '../kernel/contact-id';
import { mergeRecord } from '../kernel/merge-record';
import { normalisePhone, type PhoneNumber } from '../kernel/phone';
import { subjectKey } from '../kernel/pseudonym';
import { applyCallEvent, type CallRecord, type NormalisedCallEvent } from './call-record';
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
  const { contactId } = normalised;
  const merged = await mergeRecord<CallRecord>({
    contactId,
    createFirst: normalised.type === 'call.started',
    read: () => deps.calls.getCall(contactId),
    merge: (stored) => applyCallEvent(stored, normalised, deps.retentionMonths),
    subjectKey: async (next) =>
      next.customerNumber ? subjectKey(next.customerNumber, await deps.pepper()) : undefined,
    save: (next, options) => deps.calls.saveCall(next, options),
    now: deps.now?.() ?? new Date(),
  });
  return { contactId, ...merged };
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
