import { daysInMonth, fromWallClock, helsinkiDay, offsetMinutes, wallClock } from './time';

const DAY_MS = 86_400_000;

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
  const start = typeof from === 'string' ? parseInstant(from) : from.getTime();
  if (Number.isNaN(start)) {
    throw new RangeError(`cannot compute an expiry from an invalid time: ${String(from)}`);
  }
  const local = wallClock(start);
  const monthIndex = local.month - 1 + months;
  const year = local.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const wall = { ...local, year, month, day: Math.min(local.day, daysInMonth(year, month)) };
  // Autumn: the wall-clock time exists twice; keep the earlier instant (never keep data longer).
  // Resolving from the offsets in force a day before and a day after finds both instants.
  const approx = Date.UTC(year, month - 1, wall.day, wall.hour, wall.minute);
  const end = Math.min(
    ...[approx - DAY_MS, approx + DAY_MS].map((at) => fromWallClock(wall, undefined, offsetMinutes(at))),
  );
  return { expiresAt: Math.floor(end / 1000), expiresOn: helsinkiDay(new Date(end)) };
}

/**
 * Epoch milliseconds of an ISO 8601 date or date-time, NaN if it is not one. A time without an
 * offset is UTC (the Lambda runtime's zone, which the date library this replaced assumed too).
 */
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
function parseInstant(text: string): number {
  const m = ISO_INSTANT.exec(text);
  if (!m) return Number.NaN;
  const [, date, time, zone] = m;
  if (!time) return Date.parse(`${date}T00:00:00Z`);
  let offset = 'Z';
  if (zone && !/^z$/i.test(zone)) {
    const digits = zone.slice(1).replace(':', '');
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2).padEnd(2, '0')}`;
  }
  return Date.parse(`${date}T${time.replace(',', '.')}${offset}`);
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
