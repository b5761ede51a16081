import type { NormalisedCallEvent } from '../calls/call-record';
import { contactIdFor } from '../kernel/contact-id';
import { normalisePhone, type PhoneNumber } from '../kernel/phone';
import type { ContactTraceRecord } from './contract';

/** The `provider` of every contact Connect delivers (ADR 0007 platform kind `amazon-connect`). */
export const CONNECT_PROVIDER = 'amazon-connect';

/**
 * N3: which way a voice contact went, by `InitiationMethod`. The customer started INBOUND; the
 * company started OUTBOUND, CALLBACK (an agent calls a queued callback back: a new call the
 * company places, so its own outbound call) and API (an outbound call started through the API).
 */
const DIRECTIONS: Readonly<Record<string, 'inbound' | 'outbound'>> = {
  INBOUND: 'inbound',
  OUTBOUND: 'outbound',
  CALLBACK: 'outbound',
  API: 'outbound',
};

/**
 * What is one customer contact (docs/platforms/amazon-connect.md, "Transfers and callbacks"):
 * a TRANSFER or QUEUE_TRANSFER contact is a later leg of the same conversation, so it folds into
 * the call of its `InitialContactId` (else `PreviousContactId`): that call ends when its last
 * leg disconnects. MONITOR (a supervisor listening in), DISCONNECT (a flow run after the
 * customer left) and anything else are not customer contacts.
 */
const TRANSFER_LEGS: ReadonlySet<string> = new Set(['TRANSFER', 'QUEUE_TRANSFER']);

export type CtrMapping =
  | { kind: 'call'; event: NormalisedCallEvent }
  | { kind: 'skipped'; reason: 'not-voice' | 'not-a-customer-contact' };

/** The call a voice CTR belongs to: its own, or (a transfer leg) its initial contact's. */
export function callIdOf(ctr: ContactTraceRecord): string | undefined {
  if (DIRECTIONS[ctr.InitiationMethod]) return ctr.ContactId;
  if (TRANSFER_LEGS.has(ctr.InitiationMethod))
    return ctr.InitialContactId ?? ctr.PreviousContactId ?? undefined;
  return undefined;
}

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
  if (!direction) return transferLeg(ctr);

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
      sourceUpdatedAt: ctr.LastUpdateTimestamp,
    },
  };
}

/**
 * A transfer leg adds only its end to its initial contact's call (N1: the call ends when the
 * customer's conversation does). Its numbers and times are the initial contact's business; its
 * own LastUpdateTimestamp versions the leg, not the call, so it is not compared. A leg still in
 * progress (no DisconnectTimestamp) adds nothing yet.
 */
function transferLeg(ctr: ContactTraceRecord): CtrMapping {
  const callId = callIdOf(ctr);
  if (!callId || callId === ctr.ContactId || !ctr.DisconnectTimestamp)
    return { kind: 'skipped', reason: 'not-a-customer-contact' };
  return {
    kind: 'call',
    event: {
      type: 'call.ended',
      contactId: contactIdFor('call', CONNECT_PROVIDER, callId),
      provider: CONNECT_PROVIDER,
      callId,
      legEndedAt: ctr.DisconnectTimestamp,
      legId: ctr.ContactId,
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
