import { DateTime } from 'luxon';
import { helsinkiDay, ZONE } from './time';

/** N13: months a call and its recording are kept after the call ended (`-c retentionMonths`). */
export const DEFAULT_RETENTION_MONTHS = 12;
/** N13 for chats: months a chat and its transcript are kept after the chat ended (own setting). */
export const DEFAULT_CHAT_RETENTION_MONTHS = 12;
/** N7: audit entries and deletion receipts are kept this long. */
export const DEFAULT_AUDIT_RETENTION_MONTHS = 24;

export interface Expiry {
  /** Epoch seconds; the DynamoDB TTL attribute. */
  expiresAt: number;
  /** Helsinki calendar day of expiry (yyyy-mm-dd); the expiry index partition. */
  expiresOn: string;
}

/**
 * When a record made at `from` must be gone (N13).
 *
 * The rule: the same Helsinki wall-clock time `months` calendar months later.
 * - If that day does not exist in the target month, the last day of that month is used
 *   (31 Jan + 1 month -> 28/29 Feb; 29 Feb 2024 + 12 months -> 28 Feb 2025).
 * - If that wall-clock time does not exist (the spring DST gap) it moves forward by the gap;
 *   if it exists twice (autumn), the earlier instant is used.
 * Expiry is never later than the rule says, so a record is never kept beyond its period.
 */
export function expiryFrom(from: Date | string, months: number = DEFAULT_RETENTION_MONTHS): Expiry {
  if (!Number.isInteger(months) || months < 1) {
    throw new RangeError(`retention months must be a positive whole number, got ${months}`);
  }
  const start =
    typeof from === 'string' ? DateTime.fromISO(from, { setZone: true }) : DateTime.fromJSDate(from);
  if (!start.isValid) {
    throw new RangeError(`cannot compute an expiry from an invalid time: ${String(from)}`);
  }
  const wallClock = start.setZone(ZONE).plus({ months });
  // Autumn: the wall-clock time exists twice; keep the earlier instant (never keep data longer).
  const [end = wallClock] = wallClock.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  return { expiresAt: Math.floor(end.toSeconds()), expiresOn: end.toISODate() ?? '' };
}

/** N13: a record whose expiry has passed is gone for every reader, even before it is physically deleted. */
export function isExpired(item: { expiresAt?: number | null }, now: Date = new Date()): boolean {
  return typeof item.expiresAt === 'number' && item.expiresAt <= Math.floor(now.getTime() / 1000);
}

/**
 * The expiry-index day a record is listed under when written at `now`: its expiry day, or today
 * when that day is already behind (a hold released late). Never a day the sweep may have passed,
 * so the sweep finds every due record whatever order they were written in (docs/retention.md).
 */
export function expiryIndexDay(expiresOn: string, now: Date = new Date()): string {
  const today = helsinkiDay(now);
  return expiresOn < today ? today : expiresOn;
}
