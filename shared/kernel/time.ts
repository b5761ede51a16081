/**
 * The controller's local time (Turku, Finland). Retention is counted in its calendar months,
 * survey sending windows are its wall-clock hours, and days (expiry index, receipts, audit,
 * survey statistics) are its calendar days.
 *
 * Time zones come from the runtime's own `Intl` (the IANA database Node ships), not a date
 * library, so every Lambda bundle stays small (docs/performance.md).
 */
export const ZONE = 'Europe/Helsinki';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A wall-clock time: month 1-12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time in `zone` at instant `ms` (epoch milliseconds). */
export function wallClock(ms: number, zone = ZONE): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(ms))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

const asUtc = (w: WallClock) =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** The zone's offset from UTC at instant `ms`, in minutes (Helsinki: 120 or 180). */
export function offsetMinutes(ms: number, zone = ZONE): number {
  return Math.round((asUtc(wallClock(ms, zone)) - ms) / MINUTE);
}

/**
 * The instant a wall-clock time in `zone` names, starting from the offset `guess` (minutes).
 * A time inside the spring DST gap moves forward by the gap; a time that exists twice (autumn)
 * resolves by the guess, as the date library this replaced did (same algorithm).
 */
export function fromWallClock(w: WallClock, zone = ZONE, guess = offsetMinutes(asUtc(w), zone)): number {
  const local = asUtc(w);
  let utc = local - guess * MINUTE;
  const o2 = offsetMinutes(utc, zone);
  if (guess === o2) return utc;
  utc -= (o2 - guess) * MINUTE;
  const o3 = offsetMinutes(utc, zone);
  if (o2 === o3) return utc;
  return local - Math.min(o2, o3) * MINUTE;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDay = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** The calendar day (yyyy-mm-dd) of `(year, month, day)` after normalising overflow (32 Jan = 1 Feb). */
function normalisedDay(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Days in a month (1-12). */
export const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A yyyy-mm-dd string that names a real calendar day, as `{ year, month, day }`; else undefined. */
export function parseDay(text: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Whole calendar days from day `from` to day `to` (both yyyy-mm-dd, valid). */
export function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** The Helsinki calendar day (yyyy-mm-dd) of an instant. */
export function helsinkiDay(at: Date): string {
  const ms = at.getTime();
  if (Number.isNaN(ms)) return '';
  const w = wallClock(ms);
  return isoDay(w.year, w.month, w.day);
}

/** The instant a Helsinki calendar day (yyyy-mm-dd) starts. */
export function startOfHelsinkiDay(day: string): Date {
  const d = parseDay(day);
  if (!d) return new Date(Number.NaN);
  return new Date(fromWallClock({ ...d, hour: 0, minute: 0, second: 0, millisecond: 0 }));
}

/** A Helsinki calendar day `days` later (or earlier, when negative). */
export function addDays(day: string, days: number): string {
  const d = parseDay(day);
  return d ? normalisedDay(d.year, d.month, d.day + days) : '';
}

/** The days from..to inclusive (yyyy-mm-dd). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d !== '' && d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
