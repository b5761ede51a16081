import { addDays, fromWallClock, offsetMinutes, parseDay, wallClock, ZONE } from '../kernel/time';
import type { SendingWindow, SurveyPolicy } from './policy';

/**
 * The earliest instant at or after `at` that falls inside the sending window, in Helsinki
 * wall-clock time. DST is resolved from the zone database: 09:00 is 06:00Z in summer and 07:00Z
 * in winter, and a window edge inside the spring gap moves forward by the gap.
 */
export function nextInWindow(at: Date, window: SendingWindow, zone = ZONE): Date {
  const local = wallClock(at.getTime(), zone);
  const minute = local.hour * 60 + local.minute;
  if (minute >= window.startMinute && minute < window.endMinute) return at;
  const today = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
  const day = parseDay(minute < window.startMinute ? today : addDays(today, 1));
  if (!day) throw new RangeError(`cannot plan a send from an invalid time: ${String(at)}`);
  const midnight = { ...day, hour: 0, minute: 0, second: 0, millisecond: 0 };
  const startOfDay = fromWallClock(midnight, zone, offsetMinutes(at.getTime(), zone));
  const start = fromWallClock(
    { ...midnight, hour: Math.floor(window.startMinute / 60), minute: window.startMinute % 60 },
    zone,
    offsetMinutes(startOfDay, zone),
  );
  return new Date(start);
}

export type SendPlan = { kind: 'send-at'; at: Date } | { kind: 'drop'; reason: 'too-late' };

/**
 * When the survey for a call that ended at `endedAt` goes out, seen from `now`: the delay after
 * the call, then the next moment inside the window; dropped if that is more than
 * `maxAgeHours` after the call ended (a late survey is worse than none).
 */
export function planSend(endedAt: string, now: Date, policy: SurveyPolicy): SendPlan {
  const ended = Date.parse(endedAt);
  const earliest = new Date(Math.max(ended + policy.delaySeconds * 1000, now.getTime()));
  const at = nextInWindow(earliest, policy.window);
  if (at.getTime() > ended + policy.maxAgeHours * 3_600_000) return { kind: 'drop', reason: 'too-late' };
  return { kind: 'send-at', at };
}
