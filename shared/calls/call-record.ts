import { ValidationError } from '../kernel/errors';
import { expiryFrom } from '../kernel/expiry';
import type { PhoneNumber } from '../kernel/phone';
import type { CallEvent } from './contract';

/**
 * N8: the outcome of one identification of the customer on the call — never identity data.
 * `agent` is the agent's opaque id; `providerReference` the identification provider's opaque
 * transaction reference, where the identity evidence itself stays.
 */
export interface Identification {
  method: 'suomi-fi' | 'bank-id' | 'mobile-certificate' | 'knowledge-questions' | 'call-back';
  identifiedAt: string;
  result: 'verified' | 'failed';
  agent: string;
  providerReference: string;
}

/** A call keeps at most this many identification outcomes (retries included). */
const MAX_IDENTIFICATIONS = 20;

/**
 * What is stored about a call: exactly N1 (start, end, caller number, called service number)
 * plus technical fields: ids, direction (N3), answer time (N2) and identification outcomes (N8).
 */
export interface CallRecord {
  kind: 'call';
  contactId: string;
  provider: string;
  providerCallId: string;
  direction?: 'inbound' | 'outbound';
  /** The customer's number in E.164: the caller of an inbound call, the callee of an outbound one. */
  customerNumber?: string;
  customerWithheld?: boolean;
  /** The company's service number that was called (inbound) or that called (outbound). */
  serviceNumber?: string;
  startedAt?: string;
  answeredAt?: string;
  endedAt?: string;
  /** N8: identification outcomes, in time order; they live and die with the call. */
  identifications?: Identification[];
  /** Epoch seconds (N13). Provisional from the earliest known time until the call has ended. */
  expiresAt?: number;
  expiresOn?: string;
  /** When set, a dispute hold stops the clock: no expiry applies (N9). */
  hold?: { reason: string; since: string; by: string };
  /**
   * The version of the platform's own record this call was last taken from (Amazon Connect's
   * `LastUpdateTimestamp`): an older or equal version changes nothing.
   */
  sourceUpdatedAt?: string;
  /** The latest end of a later leg folded into this call (a Connect transfer): the call ends no earlier. */
  lastLegEndedAt?: string;
  /**
   * The platform's own ids of the later legs folded into this call (Connect transfers), sorted:
   * each holds the caller's number at the platform too, so each is redacted there when the call
   * leaves this store (docs/platforms/amazon-connect.md, "What Connect itself still keeps").
   */
  legIds?: string[];
}

/** A call event whose numbers have been normalised and whose contact id is known. */
export interface NormalisedCallEvent {
  type: CallEvent['type'];
  contactId: string;
  provider: string;
  callId: string;
  direction?: 'inbound' | 'outbound';
  from?: PhoneNumber;
  to?: PhoneNumber;
  startedAt?: string;
  answeredAt?: string;
  endedAt?: string;
  identification?: Identification;
  /**
   * The event's start and answer times are observations, not statements: the earliest seen wins
   * (native dialects whose every callback carries a time, e.g. Twilio). Order-independent too.
   */
  earliestTimesWin?: boolean;
  /**
   * The event is a whole versioned record (Amazon Connect's CTR, `LastUpdateTimestamp`): a newer
   * version replaces the times it carries, an older or equal one is a no-op. Compared within
   * the read-merge-write the version-conditioned save already guards, so it needs no extra read.
   */
  sourceUpdatedAt?: string;
  /** A later leg of this call (a Connect transfer) ended then: the call ends no earlier (N1). */
  legEndedAt?: string;
  /** That leg's own id at the platform (its Connect ContactId). */
  legId?: string;
}

/**
 * Merge one event into the record. Pure and order-independent: applying the same set of
 * events in any order, any number of times, gives the same record. Values already known are
 * kept (first writer wins for identifiers; times are set once).
 */
export function applyCallEvent(
  existing: CallRecord | undefined,
  event: NormalisedCallEvent,
  retentionMonths: number,
): CallRecord {
  const next: CallRecord = existing
    ? { ...existing }
    : {
        kind: 'call',
        contactId: event.contactId,
        provider: event.provider,
        providerCallId: event.callId,
      };

  if (event.sourceUpdatedAt !== undefined) {
    // Newest version wins across deliveries: an older or equal one is a no-op.
    if (existing?.sourceUpdatedAt !== undefined && existing.sourceUpdatedAt >= event.sourceUpdatedAt)
      return existing;
    next.sourceUpdatedAt = event.sourceUpdatedAt;
    next.startedAt = event.startedAt ?? next.startedAt;
    next.answeredAt = event.answeredAt ?? next.answeredAt;
    next.endedAt = latest(event.endedAt ?? next.endedAt, next.lastLegEndedAt);
  } else {
    next.startedAt = event.earliestTimesWin
      ? earliest(next.startedAt, event.startedAt)
      : (next.startedAt ?? event.startedAt);
    next.answeredAt = event.earliestTimesWin
      ? earliest(next.answeredAt, event.answeredAt)
      : (next.answeredAt ?? event.answeredAt);
    next.endedAt ??= event.endedAt;
  }
  if (event.legEndedAt !== undefined) {
    next.lastLegEndedAt = latest(next.lastLegEndedAt, event.legEndedAt);
    next.endedAt = latest(next.endedAt, next.lastLegEndedAt);
  }
  if (event.legId !== undefined) next.legIds = withLegId(next.legIds, event.legId);
  next.direction ??= event.direction;

  if (next.direction && (event.from || event.to)) {
    const customer = next.direction === 'inbound' ? event.from : event.to;
    const service = next.direction === 'inbound' ? event.to : event.from;
    if (customer && next.customerNumber === undefined && !next.customerWithheld) {
      if (customer.kind === 'number') next.customerNumber = customer.e164;
      else next.customerWithheld = true;
    }
    if (service?.kind === 'number') next.serviceNumber ??= service.e164;
  }

  if (event.identification)
    next.identifications = withIdentification(next.identifications, event.identification);

  assertTimesInOrder(next);
  if (!next.hold) Object.assign(next, expiryFrom(expiryBasis(next), retentionMonths));
  return next;
}

/** A contact keeps at most this many leg ids (a transfer each: far more than any real conversation). */
export const MAX_LEGS = 100;

/** Add a leg id once (a redelivery changes nothing); kept sorted, so the merge stays order-independent. */
export function withLegId(list: readonly string[] = [], legId: string): string[] {
  if (list.includes(legId)) return [...list];
  if (list.length >= MAX_LEGS)
    throw new ValidationError(`a contact keeps at most ${MAX_LEGS} transfer legs`, [
      { path: 'ContactId', message: `the contact already has ${MAX_LEGS} legs` },
    ]);
  return [...list, legId].sort();
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return a <= b ? a : b;
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return a >= b ? a : b;
}

/** The call's end once known (final expiry); before that, the earliest known time (provisional). */
function expiryBasis(record: CallRecord): string {
  const basis =
    record.endedAt ?? record.startedAt ?? record.answeredAt ?? record.identifications?.[0]?.identifiedAt;
  if (!basis)
    throw new ValidationError('a call event must carry at least one of startedAt, answeredAt, endedAt');
  return basis;
}

/** Add an identification once (a redelivery changes nothing); kept in time order. */
function withIdentification(list: Identification[] = [], added: Identification): Identification[] {
  const key = (i: Identification) =>
    JSON.stringify([i.identifiedAt, i.method, i.result, i.agent, i.providerReference]);
  if (list.some((i) => key(i) === key(added))) return list;
  if (list.length >= MAX_IDENTIFICATIONS) {
    throw new ValidationError(`a call keeps at most ${MAX_IDENTIFICATIONS} identification outcomes`, [
      {
        path: 'data.providerReference',
        message: `the call already has ${MAX_IDENTIFICATIONS} identifications`,
      },
    ]);
  }
  return [...list, added].sort((a, b) => key(a).localeCompare(key(b)));
}

function assertTimesInOrder(record: CallRecord): void {
  const { startedAt, answeredAt, endedAt } = record;
  const pairs: [string, string | undefined, string, string | undefined][] = [
    ['startedAt', startedAt, 'answeredAt', answeredAt],
    ['answeredAt', answeredAt, 'endedAt', endedAt],
    ['startedAt', startedAt, 'endedAt', endedAt],
  ];
  for (const [a, av, b, bv] of pairs) {
    if (av && bv && av > bv) {
      throw new ValidationError(
        `${b} (${bv}) is before ${a} (${av}) for this call; check the platform's clock`,
        [{ path: `data.${b}`, message: `is before ${a}` }],
      );
    }
  }
}
