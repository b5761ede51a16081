import type { ChatRecord } from '../chats/chat-record';
import { messageExpiry } from '../chats/transcript';
import { checkReason } from '../kernel/audit';
import { checkContactId } from '../kernel/contact-id';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { expiryFrom, expiryIndexDay, isExpired } from '../kernel/expiry';
import { holdsPrefix, recordingsPrefix, releasedRecordingKey } from '../kernel/object-keys';
import { META } from '../kernel/table-keys';
import { helsinkiDay } from '../kernel/time';
import type { ContactItem, ItemExpiry } from '../retention/sweep';

/**
 * Dispute holds (N9): a hold stops every clock of a contact — its items lose their expiry (so
 * neither the sweep nor TTL touches them) and its objects move from `recordings/<id>/` to
 * `holds/<id>/`, out of the lifecycle rule's reach. Release puts both back; a released contact
 * already past due is deleted by the next sweep.
 *
 * Both steps are idempotent and can be re-run after an interruption: META is changed first on
 * hold (so the sweep stops at once) and last on release (so an interrupted release is re-run).
 */
export interface Hold {
  reason: string;
  /** ISO instant the hold was placed. */
  since: string;
  /** The caller's identity. */
  by: string;
  /** The expiry the contact had when the hold was placed (epoch s), restored on release if needed. */
  expiresAt?: number;
}

export interface HoldSummary extends Hold {
  contactId: string;
}

export interface MetaSnapshot {
  item: Record<string, unknown>;
  version: number;
}

/** Port: META and the holds register in the contacts table. */
export interface HoldStore {
  getMeta(contactId: string): Promise<MetaSnapshot | undefined>;
  /**
   * Versioned META update: SET `set`, REMOVE `remove`, ADD version 1 — only if the version is
   * still `expectedVersion`. False when someone else wrote first. `expiry` (left as is when
   * omitted): `null` takes the contact's expiry off (and off the expiry index); an expiry sets
   * it and lists the contact under `indexDay` for the sweep.
   */
  updateMeta(
    contactId: string,
    expectedVersion: number,
    change: { set: Record<string, unknown>; remove: string[]; expiry?: ItemExpiry },
  ): Promise<boolean>;
  contactItems(contactId: string): Promise<ContactItem[]>;
  setItemsExpiry(contactId: string, items: ContactItem[], expiry: ItemExpiry): Promise<void>;
  putHoldMarker(contactId: string, hold: Hold): Promise<void>;
  deleteHoldMarker(contactId: string): Promise<void>;
  listHolds(): Promise<HoldSummary[]>;
}

/** Port: the contact's objects. */
export interface HoldObjects {
  list(prefix: string): Promise<{ key: string }[]>;
  copy(from: string, to: string): Promise<void>;
  deleteKeys(keys: string[]): Promise<void>;
}

export interface HoldDeps {
  store: HoldStore;
  objects: HoldObjects;
  /** RETENTION_MONTHS: calls (N13). */
  retentionMonths: number;
  /** CHAT_RETENTION_MONTHS: chats and their transcripts (N13). */
  chatRetentionMonths: number;
  now?: () => Date;
}

const MAX_ATTEMPTS = 5;

/** Place a hold. Returns the hold in force (the existing one if the contact was already held). */
export async function placeHold(
  contactId: string,
  request: { reason: string; by: string },
  deps: HoldDeps,
): Promise<Hold> {
  checkContactId(contactId);
  const reason = checkReason(request.reason);
  const now = deps.now?.() ?? new Date();
  let hold: Hold | undefined;
  // META as it stands after the hold (what moveObjects rewrites): no need to read it again.
  let held: MetaSnapshot | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && !hold; attempt++) {
    const meta = await deps.store.getMeta(contactId);
    // N13: an expired contact is gone and cannot be held back.
    if (!meta || (!meta.item.hold && isExpired(meta.item as { expiresAt?: number }, now))) {
      throw new NotFoundError(`contact ${contactId}`);
    }
    if (meta.item.hold) {
      hold = meta.item.hold as Hold;
      held = meta;
      break;
    }
    const next: Hold = {
      reason,
      since: now.toISOString(),
      by: request.by,
      ...(typeof meta.item.expiresAt === 'number' ? { expiresAt: meta.item.expiresAt } : {}),
    };
    if (
      await deps.store.updateMeta(contactId, meta.version, {
        set: { hold: next },
        remove: [],
        expiry: null,
      })
    ) {
      hold = next;
      held = { item: { ...meta.item, hold: next }, version: meta.version + 1 };
    }
  }
  if (!hold) throw new ValidationError(`contact ${contactId} kept changing; try the hold again`);

  await deps.store.putHoldMarker(contactId, hold);
  const items = await deps.store.contactItems(contactId);
  await deps.store.setItemsExpiry(
    contactId,
    items.filter((i) => i.sk !== META && (i.expiresAt !== undefined || i.expiryDay !== undefined)),
    null,
  );
  await moveObjects(contactId, recordingsPrefix(contactId), holdsPrefix(contactId), deps, held);
  return hold;
}

/** Release a hold: the contact's clocks run again from its normal expiry. */
export async function releaseHold(
  contactId: string,
  deps: HoldDeps,
): Promise<{ expiresAt: string; dueNow: boolean }> {
  checkContactId(contactId);
  const now = deps.now?.() ?? new Date();
  const first = await deps.store.getMeta(contactId);
  if (!first) throw new NotFoundError(`contact ${contactId}`);
  if (!first.item.hold) {
    throw new ValidationError(`contact ${contactId} is not on hold; nothing to release`, [
      { path: 'id', message: 'not on hold' },
    ]);
  }
  const expiry = normalExpiry(first.item, deps);
  // A contact already past due is listed under today's index day, so the next sweep finds it.
  const indexDay = expiryIndexDay(expiry.expiresOn, now);

  // Each item gets the TTL backstop its writer would have given it without the hold.
  const items = await deps.store.contactItems(contactId);
  const byExpiry = new Map<number, ContactItem[]>();
  for (const item of items) {
    if (item.sk === META) continue;
    const at = itemExpiry(item, first.item, expiry.expiresAt, deps);
    byExpiry.set(at, [...(byExpiry.get(at) ?? []), item]);
  }
  for (const [at, group] of byExpiry) {
    await deps.store.setItemsExpiry(contactId, group, {
      expiresAt: at,
      expiresOn: helsinkiDay(new Date(at * 1000)),
      indexDay,
    });
  }
  const held = await deps.objects.list(holdsPrefix(contactId));
  for (const o of held) await deps.objects.copy(o.key, releasedRecordingKey(o.key));

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const meta = attempt === 0 ? first : await deps.store.getMeta(contactId);
    if (!meta?.item.hold) break;
    const rewritten = rewriteKeys(meta.item, holdsPrefix(contactId), recordingsPrefix(contactId));
    if (
      await deps.store.updateMeta(contactId, meta.version, {
        set: rewritten,
        remove: ['hold'],
        expiry: { ...expiry, indexDay },
      })
    ) {
      break;
    }
  }
  await deps.objects.deleteKeys(held.map((o) => o.key));
  await deps.store.deleteHoldMarker(contactId);
  return {
    expiresAt: new Date(expiry.expiresAt * 1000).toISOString(),
    dueNow: expiry.expiresAt <= Math.floor(now.getTime() / 1000),
  };
}

export function listHolds(deps: Pick<HoldDeps, 'store'>): Promise<HoldSummary[]> {
  return deps.store.listHolds();
}

/**
 * The expiry the contact would have had without the hold (N13), by the same rule its writer
 * uses: a call's end (or start) + RETENTION_MONTHS; a chat's end (or start, or first message)
 * + CHAT_RETENTION_MONTHS.
 */
function normalExpiry(
  item: Record<string, unknown>,
  deps: Pick<HoldDeps, 'retentionMonths' | 'chatRetentionMonths'>,
): { expiresAt: number; expiresOn: string } {
  const isChat = item.kind === 'chat';
  const basis = (
    isChat
      ? [item.endedAt, item.startedAt, item.firstMessageAt]
      : [item.endedAt, item.startedAt, item.answeredAt]
  ).find((v) => typeof v === 'string');
  if (typeof basis === 'string') {
    return expiryFrom(basis, isChat ? deps.chatRetentionMonths : deps.retentionMonths);
  }
  const prior = (item.hold as Hold | undefined)?.expiresAt;
  const at = typeof prior === 'number' ? prior : Math.floor(Date.now() / 1000);
  return { expiresAt: at, expiresOn: helsinkiDay(new Date(at * 1000)) };
}

/**
 * The TTL backstop of one item after release: a chat message's follows the chat rule
 * (`messageExpiry`: never earlier than the chat's expiry, docs/adr/0003); any other item
 * carries the contact's expiry.
 */
function itemExpiry(
  item: ContactItem,
  meta: Record<string, unknown>,
  contactExpiresAt: number,
  deps: Pick<HoldDeps, 'chatRetentionMonths'>,
): number {
  if (meta.kind !== 'chat' || item.sentAt === undefined) return contactExpiresAt;
  const { hold: _hold, ...chat } = meta as unknown as ChatRecord;
  return (
    messageExpiry(item.sentAt, { ...chat, expiresAt: contactExpiresAt }, deps.chatRetentionMonths) ??
    contactExpiresAt
  );
}

/**
 * Move a contact's objects from one of its prefixes to another and point META's references at
 * the new keys. `known` is META as last written, if the caller has it; a stale one only costs a
 * failed conditional update and a fresh read.
 */
async function moveObjects(
  contactId: string,
  from: string,
  to: string,
  deps: HoldDeps,
  known?: MetaSnapshot,
): Promise<void> {
  const source = await deps.objects.list(from);
  for (const o of source) await deps.objects.copy(o.key, `${to}${o.key.slice(from.length)}`);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const meta = attempt === 0 && known ? known : await deps.store.getMeta(contactId);
    if (!meta) return;
    const rewritten = rewriteKeys(meta.item, from, to);
    if (!Object.keys(rewritten).length) break;
    if (await deps.store.updateMeta(contactId, meta.version, { set: rewritten, remove: [] })) break;
  }
  await deps.objects.deleteKeys(source.map((o) => o.key));
}

/**
 * Top-level META attributes whose value (at any depth) holds an object key under `from`,
 * rewritten to `to`. Generic, so it follows whatever recording/transcript references the
 * other writers keep on META (e.g. `recording.key`).
 */
export function rewriteKeys(
  item: Record<string, unknown>,
  from: string,
  to: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return value.startsWith(from) ? `${to}${value.slice(from.length)}` : value;
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    }
    return value;
  };
  for (const [name, value] of Object.entries(item)) {
    if (['pk', 'sk', 'version', 'hold'].includes(name)) continue;
    const next = rewrite(value);
    if (JSON.stringify(next) !== JSON.stringify(value)) out[name] = next;
  }
  return out;
}
