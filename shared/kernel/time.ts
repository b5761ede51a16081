import { DateTime } from 'luxon';

/**
 * The controller's local time (Turku, Finland). Retention is counted in its calendar months,
 * survey sending windows are its wall-clock hours, and days (expiry index, receipts, audit,
 * survey statistics) are its calendar days.
 */
export const ZONE = 'Europe/Helsinki';

/** The Helsinki calendar day (yyyy-mm-dd) of an instant. */
export function helsinkiDay(at: Date): string {
  return DateTime.fromJSDate(at).setZone(ZONE).toISODate() ?? '';
}

/** The instant a Helsinki calendar day (yyyy-mm-dd) starts. */
export function startOfHelsinkiDay(day: string): Date {
  return DateTime.fromISO(day, { zone: ZONE }).startOf('day').toJSDate();
}

/** A Helsinki calendar day `days` later (or earlier, when negative). */
export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: ZONE }).plus({ days }).toISODate() ?? '';
}

/** The days from..to inclusive (yyyy-mm-dd). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
