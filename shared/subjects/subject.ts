import { randomUUID } from 'node:crypto';
import { normaliseNickname } from '../chats/chat-record';
import { ValidationError } from '../kernel/errors';
import { isExpired } from '../kernel/expiry';
import { normalisePhone } from '../kernel/phone';
import { subjectKey } from '../kernel/pseudonym';
import { META, OPTOUT_SK } from '../kernel/table-keys';
import {
  type ContactItem,
  contactLeaving,
  type OnContactLeaving,
  type SweepReceipt,
} from '../retention/sweep';

/**
 * A data subject's records (N9, N16), found through the pseudonymous `bySubject` index: the
 * key is HMAC-SHA256(E.164 number or normalised nickname, pepper), so no number is in any key.
 */
export type SubjectQuery = {
  number?: string;
  nickname?: string;
  from?: string;
  to?: string;
  /** N8/N9: only calls with an identification of this result (in the period, when one is given). */
  identified?: 'verified';
};

export interface SubjectContact {
  contactId: string;
  kind: string;
  startedAt?: string;
  endedAt?: string;
  expiresAt?: number;
  hold?: { reason: string; since: string; by: string };
  /** N8: the call's identification outcomes (method, time, result; references stay in the record). */
  identifications?: { method: string; identifiedAt: string; result: string }[];
}

/** Port: the table as subject lookups, export and erasure need it. */
export interface SubjectStore {
  /** Contacts indexed under the subject, started within [from, to] (expired ones included). */
  findContacts(subjectKey: string, from?: string, to?: string): Promise<SubjectContact[]>;
  /** Every item of a contact, as stored. */
  contactRecords(contactId: string): Promise<Record<string, unknown>[]>;
  /** The subject's own items (`SUBJECT#<key>`: opt-out, survey frequency cap). */
  subjectRecords(subjectKey: string): Promise<Record<string, unknown>[]>;
  deleteSubjectRecords(subjectKey: string, keep: string[]): Promise<number>;
  contactItems(contactId: string): Promise<ContactItem[]>;
  /** Delete a contact's items regardless of expiry — but never a held META (checked in the write). */
  eraseItems(contactId: string, items: ContactItem[]): Promise<number>;
  writeReceipt(receipt: SweepReceipt): Promise<void>;
}

/** Port: the contact's objects, as erasure needs them. */
export interface SubjectObjects {
  deleteContactObjects(contactId: string): Promise<number>;
}

export interface SubjectDeps {
  store: SubjectStore;
  objects: SubjectObjects;
  pepper: () => Promise<string>;
  defaultCountry?: string;
  now?: () => Date;
  /** Optional (only with a Connect instance): an erased contact's platform copy is redacted too. */
  onContactLeaving?: OnContactLeaving;
}

/**
 * The subject's own records kept on erasure: the survey opt-out. Erasing it would make us text
 * the person again, against their objection; it holds only the pseudonym (docs/adr/0005).
 */
export const KEPT_ON_ERASURE = [OPTOUT_SK];

export async function subjectKeyOf(query: SubjectQuery, deps: SubjectDeps): Promise<string> {
  const given = [query.number, query.nickname].filter((v) => typeof v === 'string' && v.trim()).length;
  if (given !== 1) {
    throw new ValidationError('give exactly one of number (E.164, e.g. +358401234567) or nickname', [
      { path: 'number', message: 'exactly one of number or nickname is required' },
    ]);
  }
  for (const [field, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      throw new ValidationError(`${field} must be an ISO date or time, e.g. 2025-03-01, got "${value}"`, [
        { path: field, message: 'not an ISO date' },
      ]);
    }
  }
  const pepper = await deps.pepper();
  if (query.number) {
    const phone = normalisePhone(query.number, 'number', { defaultCountry: deps.defaultCountry ?? 'FI' });
    if (phone.kind !== 'number') throw new ValidationError('number is required');
    return subjectKey(phone.e164, pepper);
  }
  return subjectKey(normaliseNickname(query.nickname ?? ''), pepper);
}

/**
 * N9: the subject's live contacts started in the period (expired ones are gone, N13); with
 * `identified: 'verified'`, only calls with a verified identification (N8) — made within the
 * period when one is given — for dispute handling.
 */
export async function searchSubject(query: SubjectQuery, deps: SubjectDeps): Promise<SubjectContact[]> {
  const contacts = await searchSubjectByKey(await subjectKeyOf(query, deps), query, deps);
  const wanted = query.identified;
  if (!wanted) return contacts;
  const bound = toBound(query.to);
  const from = query.from === undefined ? undefined : new Date(query.from).toISOString();
  const to = bound === undefined ? undefined : new Date(bound).toISOString();
  return contacts.filter((c) =>
    (c.identifications ?? []).some(
      (i) =>
        i.result === wanted &&
        (from === undefined || i.identifiedAt >= from) &&
        (to === undefined || i.identifiedAt <= to),
    ),
  );
}

/** The live contacts indexed under an already computed subject key (search, export). */
export async function searchSubjectByKey(
  key: string,
  period: Pick<SubjectQuery, 'from' | 'to'>,
  deps: Pick<SubjectDeps, 'store' | 'now'>,
): Promise<SubjectContact[]> {
  const now = deps.now?.() ?? new Date();
  const contacts = await deps.store.findContacts(key, period.from, toBound(period.to));
  return contacts.filter((c) => !isExpired(c, now));
}

export interface EraseResult {
  erased: string[];
  kept: { contactId: string; reason: string; since: string }[];
  items: number;
  objects: number;
  receiptAt: string;
}

/**
 * N16 (erasure): delete everything about the subject — every contact indexed under them
 * (expired or not), its items and objects, and their own records except the opt-out — but not
 * contacts under a dispute hold (N9), which are listed with the hold's reason. Writes a receipt
 * (contact ids and counts; no number).
 */
export async function eraseSubject(
  query: SubjectQuery,
  request: { reason: string; by: string },
  deps: SubjectDeps,
): Promise<EraseResult> {
  return eraseSubjectByKey(await subjectKeyOf(query, deps), request, deps);
}

/** Erase by an already computed subject key (a four-eyes request holds the key, not the number). */
export async function eraseSubjectByKey(
  key: string,
  request: { reason: string; by: string },
  deps: SubjectDeps,
): Promise<EraseResult> {
  const contacts = await deps.store.findContacts(key);
  const result: EraseResult = { erased: [], kept: [], items: 0, objects: 0, receiptAt: '' };
  for (const contact of contacts) {
    if (contact.hold) {
      result.kept.push({
        contactId: contact.contactId,
        reason: contact.hold.reason,
        since: contact.hold.since,
      });
      continue;
    }
    const items = await deps.store.contactItems(contact.contactId);
    if (items.find((i) => i.sk === META)?.held) {
      result.kept.push({ contactId: contact.contactId, reason: 'placed on hold during erasure', since: '' });
      continue;
    }
    result.objects += await deps.objects.deleteContactObjects(contact.contactId);
    await contactLeaving(contact.contactId, items, deps.onContactLeaving);
    result.items += await deps.store.eraseItems(contact.contactId, items);
    result.erased.push(contact.contactId);
  }
  result.items += await deps.store.deleteSubjectRecords(key, KEPT_ON_ERASURE);
  result.receiptAt = (deps.now?.() ?? new Date()).toISOString();
  await deps.store.writeReceipt({
    kind: 'erase',
    at: result.receiptAt,
    runId: randomUUID(),
    contactIds: [...result.erased].sort(),
    counts: { contacts: result.erased.length, items: result.items, objects: result.objects },
    reason: request.reason,
    by: request.by,
    kept: result.kept.map(({ contactId, reason }) => ({ contactId, reason })),
  });
  return result;
}

/** A date-only upper bound covers that whole day. */
function toBound(to: string | undefined): string | undefined {
  return to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : to;
}
