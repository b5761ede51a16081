import { ConcurrentUpdateError } from './errors';
import { isExpired } from './expiry';

const MAX_ATTEMPTS = 5;

/** A contact's META record as read, with its optimistic-concurrency version. */
export interface VersionedRecord<R> {
  record: R;
  version: number;
}

export interface MergeSteps<R extends { expiresAt?: number | null }> {
  contactId: string;
  /**
   * The event nearly always comes first (call.started, chat.started): its first attempt is a
   * create whose condition (nothing stored yet) does the read's job. Only if a record exists (an
   * event came first, a duplicate, an expired contact) does it read and merge like any other.
   */
  createFirst: boolean;
  read: () => Promise<VersionedRecord<R> | undefined>;
  merge: (stored: R | undefined) => R;
  /** The pseudonymous subject key of the merged record, if it names a subject. */
  subjectKey: (next: R) => Promise<string | undefined>;
  /** Versioned write; false when someone else wrote first. */
  save: (
    next: R,
    options: { expectedVersion: number | undefined; subjectKey?: string; now: Date },
  ) => Promise<boolean>;
  now: Date;
}

export type MergeOutcome<R> =
  | { outcome: 'expired' }
  | { outcome: 'created' | 'updated' | 'unchanged'; record: R };

/**
 * Versioned read-merge-write of a contact's META record, retried when another writer got in
 * first. Idempotent: a merge that changes nothing writes nothing.
 */
export async function mergeRecord<R extends { expiresAt?: number | null }>(
  steps: MergeSteps<R>,
): Promise<MergeOutcome<R>> {
  const { now } = steps;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = attempt === 0 && steps.createFirst ? undefined : await steps.read();
    // N13: a contact past its expiry is gone; a late event must not bring it back.
    if (stored && isExpired(stored.record, now)) return { outcome: 'expired' };

    const next = steps.merge(stored?.record);
    // N13: a contact whose period is already over when this event arrives (a 13-month-old start,
    // or a late end of one the sweep has deleted) is never stored: it would never be swept.
    if (isExpired(next, now)) return { outcome: 'expired' };
    if (sameRecord(stored?.record, next)) return { outcome: 'unchanged', record: next };

    const subjectKey = await steps.subjectKey(next);
    const saved = await steps.save(next, { expectedVersion: stored?.version, subjectKey, now });
    if (saved) return { outcome: stored ? 'updated' : 'created', record: next };
  }
  throw new ConcurrentUpdateError(steps.contactId);
}

/** Fields that matter for equality (what a reader sees), ignoring field order and undefined fields. */
export function sameRecord<R extends object>(a: R | undefined, b: R): boolean {
  return a !== undefined && JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: object): [string, unknown][] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([x], [y]) => x.localeCompare(y));
}
