import { expiryFrom, expiryIndexDay, isExpired } from '../../../shared/kernel/expiry';

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

describe('expiryFrom (N13: kept 12 months)', () => {
  it.each([
    // [ended at, expected expiry instant, expected Helsinki expiry day]
    ['2026-03-15T10:00:00Z', '2027-03-15T10:00:00.000Z', '2027-03-15'], // winter -> winter: same UTC
    ['2026-07-01T09:00:00Z', '2027-07-01T09:00:00.000Z', '2027-07-01'], // summer -> summer
    ['2025-01-31T12:00:00Z', '2026-01-31T12:00:00.000Z', '2026-01-31'],
  ])('N13: keeps a contact that ended at %s until %s', (ended, expected, day) => {
    const { expiresAt, expiresOn } = expiryFrom(ended, 12);
    expect(iso(expiresAt)).toBe(expected);
    expect(expiresOn).toBe(day);
  });

  it('N13: a leap day expires on 28 February of the next year (the month has no 29th)', () => {
    const { expiresAt, expiresOn } = expiryFrom('2028-02-29T10:00:00+02:00', 12);
    expect(expiresOn).toBe('2029-02-28');
    expect(iso(expiresAt)).toBe('2029-02-28T08:00:00.000Z');
  });

  it('clamps month ends: 31 January + 1 month is the last day of February', () => {
    expect(expiryFrom('2026-01-31T10:00:00+02:00', 1).expiresOn).toBe('2026-02-28');
    expect(expiryFrom('2027-01-31T10:00:00+02:00', 13).expiresOn).toBe('2028-02-29');
  });

  it('counts calendar months in Helsinki time, not UTC: a call just after local midnight', () => {
    // 2026-03-31 23:30 UTC is 1 April 02:30 in Helsinki (EEST): the month is April, not March.
    const { expiresOn, expiresAt } = expiryFrom('2026-03-31T23:30:00Z', 12);
    expect(expiresOn).toBe('2027-04-01');
    expect(iso(expiresAt)).toBe('2027-03-31T23:30:00.000Z');
  });

  it('keeps the Helsinki wall-clock time across a DST change (winter call, summer expiry)', () => {
    // 10:00 EET (+02:00) on 1 Mar 2026 + 2 months = 10:00 EEST (+03:00) on 1 May 2026.
    expect(iso(expiryFrom('2026-03-01T08:00:00Z', 2).expiresAt)).toBe('2026-05-01T07:00:00.000Z');
  });

  it('moves forward through the spring DST gap rather than expiring early', () => {
    // 03:30 local on 29 Mar 2026 does not exist in Helsinki (clocks jump 03:00 -> 04:00).
    // 29 Jan 03:30 + 2 months lands in the gap and becomes 04:30 EEST, one hour later on the clock.
    const { expiresAt, expiresOn } = expiryFrom('2026-01-29T03:30:00+02:00', 2);
    expect(iso(expiresAt)).toBe('2026-03-29T01:30:00.000Z');
    expect(expiresOn).toBe('2026-03-29');
  });

  it('N13: spring DST change: a wall-clock time in the gap moves forward by the gap (2027-03-28)', () => {
    // Clocks jump 03:00 EET -> 04:00 EEST on 28 Mar 2027: 03:30 that day does not exist.
    const { expiresAt, expiresOn } = expiryFrom('2026-03-28T03:30:00+02:00', 12);
    expect(iso(expiresAt)).toBe('2027-03-28T01:30:00.000Z'); // 04:30 EEST
    expect(expiresOn).toBe('2027-03-28');
  });

  it('N13: autumn DST change: a wall-clock time that exists twice takes the earlier instant (2027-10-31)', () => {
    // Clocks fall back 04:00 EEST -> 03:00 EET on 31 Oct 2027: 03:30 exists at +03:00 and at +02:00.
    const { expiresAt, expiresOn } = expiryFrom('2026-10-31T03:30:00+02:00', 12);
    expect(iso(expiresAt)).toBe('2027-10-31T00:30:00.000Z'); // 03:30 EEST, not 03:30 EET (01:30Z)
    expect(expiresOn).toBe('2027-10-31');
    // Either instant of the overlap as the start gives the same wall clock, so the same expiry.
    expect(expiryFrom('2027-10-31T03:30:00+03:00', 1).expiresAt).toBe(
      expiryFrom('2027-10-31T03:30:00+02:00', 1).expiresAt,
    );
  });

  it('N13: outside the DST changes the wall-clock time is kept unchanged', () => {
    expect(iso(expiryFrom('2026-10-30T03:30:00+02:00', 12).expiresAt)).toBe('2027-10-30T00:30:00.000Z');
    expect(iso(expiryFrom('2026-11-01T03:30:00+02:00', 12).expiresAt)).toBe('2027-11-01T01:30:00.000Z');
  });

  it('accepts a Date as well as an ISO string', () => {
    expect(expiryFrom(new Date('2026-03-15T10:00:00Z'))).toEqual(expiryFrom('2026-03-15T10:00:00Z'));
  });

  it('rejects a retention that is not a positive whole number of months', () => {
    expect(() => expiryFrom('2026-01-01T00:00:00Z', 0)).toThrow(
      'retention months must be a positive whole number, got 0',
    );
    expect(() => expiryFrom('2026-01-01T00:00:00Z', 1.5)).toThrow('got 1.5');
  });

  it('rejects an unparseable time', () => {
    expect(() => expiryFrom('yesterday')).toThrow('cannot compute an expiry from an invalid time: yesterday');
  });
});

describe('isExpired', () => {
  const now = new Date('2027-01-01T00:00:00Z');
  const at = Math.floor(now.getTime() / 1000);

  it('N13: treats a record as gone at the second it expires', () => {
    expect(isExpired({ expiresAt: at }, now)).toBe(true);
    expect(isExpired({ expiresAt: at - 1 }, now)).toBe(true);
  });

  it('keeps a record until then', () => {
    expect(isExpired({ expiresAt: at + 1 }, now)).toBe(false);
  });

  it('N9: never expires a record without an expiry (under hold)', () => {
    expect(isExpired({}, now)).toBe(false);
    expect(isExpired({ expiresAt: null }, now)).toBe(false);
  });
});

describe('expiryIndexDay', () => {
  const now = new Date('2027-01-10T12:00:00Z');

  it('N13: lists a record under its expiry day when that day is still ahead', () => {
    expect(expiryIndexDay('2027-01-11', now)).toBe('2027-01-11');
    expect(expiryIndexDay('2027-01-10', now)).toBe('2027-01-10');
  });

  it('N13: lists a record whose expiry day is behind under today, which no sweep has passed yet', () => {
    expect(expiryIndexDay('2026-12-01', now)).toBe('2027-01-10');
  });
});
