import { helsinkiDay } from '../../../shared/kernel/time';
import { DEFAULT_SURVEY_POLICY, parseWindow } from '../../../shared/surveys/policy';
import { nextInWindow, planSend } from '../../../shared/surveys/window';

const window = DEFAULT_SURVEY_POLICY.window; // 09:00-20:00 Helsinki
const at = (iso: string) => nextInWindow(new Date(iso), window).toISOString();

describe('nextInWindow (09:00-20:00 Europe/Helsinki)', () => {
  it.each([
    ['inside the window, winter (UTC+2)', '2026-01-15T10:00:00.000Z', '2026-01-15T10:00:00.000Z'],
    ['before 09:00 winter: same day 09:00 = 07:00Z', '2026-01-15T05:00:00.000Z', '2026-01-15T07:00:00.000Z'],
    ['before 09:00 summer: same day 09:00 = 06:00Z', '2026-07-15T05:00:00.000Z', '2026-07-15T06:00:00.000Z'],
    ['at 20:00 summer: next day 09:00', '2026-07-15T17:00:00.000Z', '2026-07-16T06:00:00.000Z'],
    ['19:59 summer is still inside', '2026-07-15T16:59:00.000Z', '2026-07-15T16:59:00.000Z'],
    // DST starts 29 Mar 2026 03:00 -> 04:00: the evening before is UTC+2, the next morning UTC+3.
    [
      'evening before spring DST: 09:00 next day is 06:00Z',
      '2026-03-28T18:30:00.000Z',
      '2026-03-29T06:00:00.000Z',
    ],
    ['night of spring DST (02:30 UTC+2)', '2026-03-29T00:30:00.000Z', '2026-03-29T06:00:00.000Z'],
    // DST ends 25 Oct 2026 04:00 -> 03:00: the evening before is UTC+3, the next morning UTC+2.
    [
      'evening before autumn DST: 09:00 next day is 07:00Z',
      '2026-10-24T17:30:00.000Z',
      '2026-10-25T07:00:00.000Z',
    ],
    ['the repeated hour of autumn DST (03:30 UTC+2)', '2026-10-25T01:30:00.000Z', '2026-10-25T07:00:00.000Z'],
    ['20:00 on the day DST ended (UTC+2) is closed', '2026-10-25T18:00:00.000Z', '2026-10-26T07:00:00.000Z'],
  ])('%s', (_label, input, expected) => {
    expect(at(input)).toBe(expected);
  });

  it('a window edge inside the spring gap moves forward by the gap', () => {
    const gap = parseWindow('03:30-05:00'); // 03:30 does not exist on 29 Mar 2026
    expect(nextInWindow(new Date('2026-03-28T23:00:00Z'), gap).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });
});

describe('planSend', () => {
  const policy = DEFAULT_SURVEY_POLICY; // 10 min delay, 24 h max age
  it('sends 10 minutes after a call that ends inside the window', () => {
    const plan = planSend('2026-01-15T10:00:00Z', new Date('2026-01-15T10:00:05Z'), policy);
    expect(plan).toEqual({ kind: 'send-at', at: new Date('2026-01-15T10:10:00Z') });
  });

  it('holds a survey for a call that ended at 19:55 until 09:00 the next morning', () => {
    const plan = planSend('2026-01-15T17:55:00Z', new Date('2026-01-15T17:55:01Z'), policy);
    expect(plan).toEqual({ kind: 'send-at', at: new Date('2026-01-16T07:00:00Z') });
  });

  it('drops a survey that could only go out more than 24 h after the call', () => {
    const narrow = { ...policy, window: parseWindow('09:00-10:00') };
    // Ended 10:05 Helsinki on Thursday; 09:00 Friday is within 24 h, but a retry at 10:00 Friday is not.
    expect(planSend('2026-01-15T08:05:00Z', new Date('2026-01-15T08:06:00Z'), narrow).kind).toBe('send-at');
    expect(planSend('2026-01-15T08:05:00Z', new Date('2026-01-16T08:00:00Z'), narrow)).toEqual({
      kind: 'drop',
      reason: 'too-late',
    });
  });

  it('counts statistics per Helsinki day (23:30Z in summer is the next day)', () => {
    expect(helsinkiDay(new Date('2026-07-15T21:30:00Z'))).toBe('2026-07-16');
  });
});

describe('parseWindow', () => {
  it('accepts 00:00-24:00 (all day)', () => {
    expect(parseWindow('00:00-24:00')).toEqual({ startMinute: 0, endMinute: 1440 });
  });
  it.each(['20:00-09:00', '9-20', '09:00-25:00', '09:61-20:00'])(
    'rejects "%s" and says how to write it',
    (text) => {
      expect(() => parseWindow(text)).toThrow(/write it as HH:MM-HH:MM in Helsinki time/);
    },
  );
});
