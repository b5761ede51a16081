import type { NormalisedCallEvent } from '../calls/call-record';
import { contactIdFor } from '../kernel/contact-id';
import { normalisePhone, type PhoneNumber } from '../kernel/phone';
import type { ContactTraceRecord } from './contract';

/** The `provider` of every contact Connect delivers (ADR 0007 platform kind `amazon-connect`). */
export const CONNECT_PROVIDER = 'amazon-connect';

/**
 * N3: which way a voice contact went, by `InitiationMethod`. The customer started INBOUND; the
 * company started OUTBOUND, CALLBACK (an agent calls a queued callback back) and API (an
 * outbound call started through the API). Transfers, monitoring and the rest are legs of a
 * contact, not a customer contact of their own: they are not mapped yet (issue 11, section 2).
 */
const DIRECTIONS: Readonly<Record<string, 'inbound' | 'outbound'>> = {
  INBOUND: 'inbound',
  OUTBOUND: 'outbound',
  CALLBACK: 'outbound',
  API: 'outbound',
};

export type CtrMapping =
  | { kind: 'call'; event: NormalisedCallEvent }
  | { kind: 'skipped'; reason: 'not-voice' | 'not-a-customer-contact' };

/**
 * A voice CTR as one call event (N1–N3). `CustomerEndpoint.Address` is the customer's number and
 * `SystemEndpoint.Address` the service number whatever the direction; they become `from`/`to` by
 * direction. Start is `InitiationTimestamp`; end is `DisconnectTimestamp`.
 *
 * N2, the answer: `ConnectedToSystemTimestamp` (the moment the call connected: Connect picked up
 * an inbound call, the customer picked up an outbound one), else `Agent.ConnectedToAgentTimestamp`.
 * Connect records the agent's conversation, which starts at or after the call connected, so a
 * Connect recording always falls within answer..end. A CTR with neither was never answered.
 */
export function ctrToCallEvent(ctr: ContactTraceRecord, defaultCountry: string): CtrMapping {
  if (ctr.Channel !== 'VOICE') return { kind: 'skipped', reason: 'not-voice' };
  const direction = DIRECTIONS[ctr.InitiationMethod];
  if (!direction) return { kind: 'skipped', reason: 'not-a-customer-contact' };

  const customer = phone(
    ctr.CustomerEndpoint?.Address,
    'CustomerEndpoint.Address',
    defaultCountry,
    direction === 'inbound',
  );
  const service = phone(ctr.SystemEndpoint?.Address, 'SystemEndpoint.Address', defaultCountry, false);
  const [from, to] = direction === 'inbound' ? [customer, service] : [service, customer];
  const answeredAt = ctr.ConnectedToSystemTimestamp ?? ctr.Agent?.ConnectedToAgentTimestamp ?? undefined;
  const endedAt = ctr.DisconnectTimestamp ?? undefined;
  return {
    kind: 'call',
    event: {
      type: endedAt ? 'call.ended' : answeredAt ? 'call.answered' : 'call.started',
      contactId: contactIdFor('call', CONNECT_PROVIDER, ctr.ContactId),
      provider: CONNECT_PROVIDER,
      callId: ctr.ContactId,
      direction,
      from,
      to,
      startedAt: ctr.InitiationTimestamp,
      answeredAt,
      endedAt,
    },
  };
}

/**
 * Only the caller of an inbound call may be withheld (a missing address is withheld then); a
 * service number never is, and a missing one stays unknown.
 */
function phone(
  raw: string | undefined,
  path: string,
  defaultCountry: string,
  allowWithheld: boolean,
): PhoneNumber | undefined {
  if (raw === undefined || raw === '') return allowWithheld ? { kind: 'withheld' } : undefined;
  return normalisePhone(raw, path, { defaultCountry, allowWithheld });
}

/**
 * CTRs arrive at least once and can be updated: of the records for one `ContactId` in a batch,
 * only the one with the newest `LastUpdateTimestamp` is kept (the first of equals: a duplicate).
 * The result keeps the batch order of the kept records.
 */
export function newestPerContact<T>(items: readonly T[], ctrOf: (item: T) => ContactTraceRecord): T[] {
  const newest = new Map<string, T>();
  for (const item of items) {
    const ctr = ctrOf(item);
    const kept = newest.get(ctr.ContactId);
    if (!kept || ctrOf(kept).LastUpdateTimestamp < ctr.LastUpdateTimestamp) newest.set(ctr.ContactId, item);
  }
  const keep = new Set(newest.values());
  return items.filter((item) => keep.has(item));
}
