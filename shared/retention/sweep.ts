import { randomUUID } from 'node:crypto';
import { META } from '../kernel/table-keys';
import { addDays, daysBetween, helsinkiDay, startOfHelsinkiDay } from '../kernel/time';

/**
 * The retention sweep (N13): deletes every item and object of each contact whose expiry has
 * passed, found through the expiry index one day-partition at a time (never a Scan), so the
 * work grows with the number of due contacts, not with the table. DynamoDB TTL and the S3
 * lifecycle rule stay as backstops.
 *
 * Safe to stop and re-run at any point: a contact's META item is deleted last (and only if it
 * is still due and not held), so an interrupted contact is found again by the next run.
 */

/** One stored item of a contact, as the sweep sees it. */
export interface ContactItem {
  sk: string;
  expiresAt?: number;
  /** The expiry-index partition the item is listed under, if any. */
  expiryDay?: string;
  /** Only on META. */
  held?: boolean;
  /** Only on chat messages: when the message was sent (its TTL backstop's basis). */
  sentAt?: string;
  /** Only on META: the contact's platform and the platform's own ids for it (see LeavingContact). */
  platform?: { provider: string; platformIds: string[] };
}

/** A contact as it leaves this store (swept at expiry, or erased): who else still holds a copy. */
export interface LeavingContact {
  contactId: string;
  provider: string;
  /** The platform's ids for the contact: the call's or chat's own, then any later legs'. */
  platformIds: string[];
}

/**
 * Port: work owed to the contact's platform when the contact leaves this store (for Amazon
 * Connect, redacting its own copy: shared/connect/redact-enqueue.ts). Runs before the META item
 * is deleted, so a failure leaves the contact listed and it is tried again; must be idempotent.
 */
export type OnContactLeaving = (contact: LeavingContact) => Promise<void>;

/** Tell the hook, if any, that the contact whose items these are is leaving. */
export async function contactLeaving(
  contactId: string,
  items: ContactItem[],
  onContactLeaving: OnContactLeaving | undefined,
): Promise<void> {
  const platform = items.find((i) => i.sk === META)?.platform;
  if (platform && onContactLeaving) await onContactLeaving({ contactId, ...platform });
}

/** The contact's expiry to write onto its items; `null` = none (on hold). */
export type ItemExpiry = { expiresAt: number; expiresOn: string; indexDay: string } | null;

export interface SweepReceipt {
  kind: 'sweep' | 'erase';
  /** ISO instant the receipt was written. */
  at: string;
  runId: string;
  contactIds: string[];
  counts: { contacts: number; items: number; objects: number };
  /** Erase only: why, who asked, and which contacts stayed (held) and why. */
  reason?: string;
  by?: string;
  kept?: { contactId: string; reason: string }[];
}

/** Port: the contacts table as the sweep needs it. */
export interface RetentionStore {
  /** One page of contact ids listed under `EXP#<day>` with expiresAt <= nowEpoch. */
  dueOn(
    day: string,
    nowEpoch: number,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ contactIds: string[]; cursor?: Record<string, unknown> }>;
  /** Every item of a contact (strongly consistent). */
  contactItems(contactId: string): Promise<ContactItem[]>;
  /** Delete the given items; META (if listed) last and only if still due and not held. */
  deleteItems(contactId: string, items: ContactItem[], nowEpoch: number): Promise<number>;
  /** Put (or take off, `null`) the expiry on the given non-META items. */
  setItemsExpiry(contactId: string, items: ContactItem[], expiry: ItemExpiry): Promise<void>;
  /** The last Helsinki day whose index partition was found empty, if any. */
  clearedThrough(): Promise<string | undefined>;
  saveClearedThrough(day: string): Promise<void>;
  writeReceipt(receipt: SweepReceipt): Promise<void>;
}

/** Port: a contact's objects (recordings/<id>/… and holds/<id>/…), and the exports area. */
export interface ContactObjects {
  deleteContactObjects(contactId: string): Promise<number>;
  /** Delete exports older than `olderThan`; returns how many. */
  purgeExports(olderThan: Date): Promise<number>;
}

export interface SweepDeps {
  store: RetentionStore;
  objects: ContactObjects;
  now?: () => Date;
  /** Stop starting new contacts after this many (bounded work per run). */
  maxContacts?: number;
  /** Stop starting new pages when this returns true (e.g. Lambda time nearly up). */
  shouldStop?: () => boolean;
  /** Index entries read per query. */
  pageSize?: number;
  /** Contacts deleted in parallel. */
  concurrency?: number;
  /** First run: how many days back to look. Later runs start a few days before the checkpoint. */
  initialLookbackDays?: number;
  exportRetentionDays?: number;
  log?: (message: string, data: Record<string, unknown>) => void;
  /** Optional (only with a Connect instance): see OnContactLeaving. */
  onContactLeaving?: OnContactLeaving;
}

export interface SweepResult {
  runId: string;
  daysQueried: number;
  queries: number;
  indexEntries: number;
  contactsDeleted: number;
  contactsRealigned: number;
  itemsDeleted: number;
  objectsDeleted: number;
  exportsPurged: number;
  receipts: number;
  /** Contacts that could not be deleted this run (retried by the next). */
  failures: number;
  /** True when the run stopped early (budget); the next run continues. */
  more: boolean;
  clearedThrough?: string;
  /** The first Helsinki day whose due contacts were not all deleted this run (sweep lag, N13). */
  oldestDueDay?: string;
}

const DAY_OVERLAP = 2;

export async function sweepExpired(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.now?.() ?? new Date();
  const nowEpoch = Math.floor(now.getTime() / 1000);
  const maxContacts = deps.maxContacts ?? 5000;
  const pageSize = deps.pageSize ?? 100;
  const concurrency = deps.concurrency ?? 8;
  const log = deps.log ?? (() => undefined);
  const today = helsinkiDay(now);
  const checkpoint = await deps.store.clearedThrough();
  const start = checkpoint
    ? addDays(checkpoint, 1 - DAY_OVERLAP)
    : addDays(today, -(deps.initialLookbackDays ?? 400));

  const result: SweepResult = {
    runId: randomUUID(),
    daysQueried: 0,
    queries: 0,
    indexEntries: 0,
    contactsDeleted: 0,
    contactsRealigned: 0,
    itemsDeleted: 0,
    objectsDeleted: 0,
    exportsPurged: 0,
    receipts: 0,
    failures: 0,
    more: false,
    clearedThrough: checkpoint,
  };
  let clearSoFar = true;
  const budgetLeft = () => result.contactsDeleted + result.contactsRealigned < maxContacts;

  for (const day of daysBetween(start, today)) {
    result.daysQueried++;
    let cursor: Record<string, unknown> | undefined;
    let dayClear = true;
    do {
      if (!budgetLeft() || deps.shouldStop?.()) {
        result.more = true;
        break;
      }
      const limit = Math.min(pageSize, maxContacts - result.contactsDeleted - result.contactsRealigned);
      const page = await deps.store.dueOn(day, nowEpoch, limit, cursor);
      result.queries++;
      result.indexEntries += page.contactIds.length;
      cursor = page.cursor;
      const ids = [...new Set(page.contactIds)];
      const deleted: string[] = [];
      const counts = { items: 0, objects: 0 };
      await inParallel(ids, concurrency, async (contactId) => {
        let outcome: ContactOutcome;
        try {
          outcome = await sweepContact(contactId, nowEpoch, deps);
        } catch (error) {
          // One contact that cannot be deleted now must not stop the others; it stays listed
          // (its META is deleted last) and the next run tries again.
          result.failures++;
          dayClear = false;
          log('could not sweep a contact; the next run retries it', {
            contactId,
            errorName: (error as Error).name,
          });
          return;
        }
        if (outcome.kind === 'deleted') {
          deleted.push(contactId);
          counts.items += outcome.items;
          counts.objects += outcome.objects;
        } else {
          result.contactsRealigned++;
        }
      });
      if (deleted.length) {
        deleted.sort();
        await deps.store.writeReceipt({
          kind: 'sweep',
          at: new Date().toISOString(),
          runId: result.runId,
          contactIds: deleted,
          counts: { contacts: deleted.length, ...counts },
        });
        result.receipts++;
        result.contactsDeleted += deleted.length;
        result.itemsDeleted += counts.items;
        result.objectsDeleted += counts.objects;
        log('swept contacts', { day, contacts: deleted.length, ...counts });
      }
    } while (cursor);
    if (result.more) dayClear = false;
    if (!dayClear && result.oldestDueDay === undefined) result.oldestDueDay = day;
    if (day < today && dayClear && clearSoFar) result.clearedThrough = day;
    else clearSoFar = false;
    if (result.more) break;
  }
  if (result.clearedThrough && result.clearedThrough !== checkpoint) {
    await deps.store.saveClearedThrough(result.clearedThrough);
  }
  const exportDays = deps.exportRetentionDays ?? 3;
  result.exportsPurged = await deps.objects.purgeExports(new Date(now.getTime() - exportDays * 86_400_000));
  return result;
}

type ContactOutcome = { kind: 'deleted'; items: number; objects: number } | { kind: 'realigned' };

/**
 * One contact listed as due. If its META says it is held or not yet due (the index entry was a
 * stale item), its other items are brought in line with META instead of being deleted.
 */
async function sweepContact(contactId: string, nowEpoch: number, deps: SweepDeps): Promise<ContactOutcome> {
  const items = await deps.store.contactItems(contactId);
  const meta = items.find((i) => i.sk === META);
  if (meta && (meta.held || meta.expiresAt === undefined || meta.expiresAt > nowEpoch)) {
    const stale = items.filter((i) => i.sk !== META && i.expiryDay !== undefined);
    const expiry: ItemExpiry =
      meta.held || meta.expiresAt === undefined
        ? null
        : {
            expiresAt: meta.expiresAt,
            expiresOn: helsinkiDay(new Date(meta.expiresAt * 1000)),
            indexDay: meta.expiryDay ?? helsinkiDay(new Date(meta.expiresAt * 1000)),
          };
    await deps.store.setItemsExpiry(
      contactId,
      stale.filter(
        (i) => expiry === null || i.expiryDay !== expiry.indexDay || i.expiresAt !== expiry.expiresAt,
      ),
      expiry,
    );
    return { kind: 'realigned' };
  }
  // Objects first, META last: an interrupted contact is still listed and found again.
  const objects = await deps.objects.deleteContactObjects(contactId);
  await contactLeaving(contactId, items, deps.onContactLeaving);
  const deleted = await deps.store.deleteItems(contactId, items, nowEpoch);
  return { kind: 'deleted', items: deleted, objects };
}

/**
 * The age in hours of the oldest contact still due after a run: an upper bound counted from the
 * start of the first day not cleared (0 when every due contact was deleted). The sweep emits it as
 * the `SweepOldestDueAgeHours` metric, which the sweep-lag alarm watches (N13).
 */
export function oldestDueAgeHours(result: Pick<SweepResult, 'oldestDueDay'>, now: Date): number {
  if (!result.oldestDueDay) return 0;
  const start = startOfHelsinkiDay(result.oldestDueDay).getTime();
  return Math.max(0, Math.round(((now.getTime() - start) / 3_600_000) * 10) / 10);
}

export async function inParallel<T>(
  values: T[],
  concurrency: number,
  work: (value: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, values.length) }, async () => {
    while (next < values.length) {
      const value = values[next++] as T;
      await work(value);
    }
  });
  await Promise.all(workers);
}
