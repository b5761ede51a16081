import type { CallRecord } from '../../../shared/calls/call-record';
import { parseRecordingKey, recordingKey } from '../../../shared/kernel/object-keys';
import { backoffSeconds } from '../../../shared/recordings/fetch-handler';
import { ANSWER_GRACE_MS, recordingEligibility } from '../../../shared/recordings/recording';

const contactId = 'call-0123456789abcdef0123456789abcdef';
const now = new Date('2026-03-01T12:00:00Z');
const call = (fields: Partial<CallRecord>): { call: CallRecord } => ({
  call: {
    kind: 'call',
    contactId,
    provider: 'acme-cc',
    providerCallId: 'c1',
    expiresAt: 1_900_000_000,
    ...fields,
  },
});

describe('recordingEligibility (N2, N13)', () => {
  it('N2: an answered, ended call takes a recording bounded by answeredAt..endedAt', () => {
    expect(
      recordingEligibility(
        call({ answeredAt: '2026-03-01T11:00:05Z', endedAt: '2026-03-01T11:10:00Z' }),
        now,
      ),
    ).toEqual({ kind: 'ready', startsAt: '2026-03-01T11:00:05Z', endsAt: '2026-03-01T11:10:00Z' });
  });

  it('N2: refuses a call that ended without an answer once the grace period is over', () => {
    const endedAt = new Date(now.getTime() - ANSWER_GRACE_MS - 1000).toISOString();
    expect(recordingEligibility(call({ endedAt }), now)).toEqual({
      kind: 'refused',
      reason: 'the call was never answered, so it has no recording (N2)',
    });
  });

  it('waits for a late call.answered within the grace period', () => {
    const endedAt = new Date(now.getTime() - 60_000).toISOString();
    expect(recordingEligibility(call({ endedAt }), now)).toMatchObject({ kind: 'not-ready' });
  });

  it('waits for a call that is unknown or has not ended', () => {
    expect(recordingEligibility(undefined, now)).toEqual({
      kind: 'not-ready',
      reason: 'the call is not known yet',
    });
    expect(recordingEligibility(call({ answeredAt: '2026-03-01T11:00:05Z' }), now)).toEqual({
      kind: 'not-ready',
      reason: 'the call has not ended yet',
    });
  });

  it('N13: an expired contact takes nothing, even before it is physically deleted', () => {
    const expired = call({
      answeredAt: '2025-01-01T10:00:00Z',
      endedAt: '2025-01-01T10:05:00Z',
      expiresAt: 1_700_000_000,
    });
    expect(recordingEligibility(expired, now)).toEqual({ kind: 'expired' });
  });
});

describe('recording keys (N17: contact ids and dates only)', () => {
  it('names the object recordings/<contactId>/<answer day UTC>-<part>.<ext>', () => {
    expect(recordingKey(contactId, '2026-01-31T23:30:00+02:00', 'wav')).toBe(
      `recordings/${contactId}/2026-01-31-1.wav`,
    );
  });

  it('parses its own keys back and rejects anything else', () => {
    expect(parseRecordingKey(`recordings/${contactId}/2026-01-31-1.wav`)).toEqual({
      contactId,
      day: '2026-01-31',
      part: 1,
      ext: 'wav',
    });
    expect(parseRecordingKey('recordings/+358401234567/2026-01-31-1.wav')).toBeUndefined();
    expect(parseRecordingKey(`holds/${contactId}/2026-01-31-1.wav`)).toBeUndefined();
    expect(parseRecordingKey(`recordings/${contactId}/../x.wav`)).toBeUndefined();
  });

  it('rejects building a key from anything but a contact id', () => {
    expect(() => recordingKey('+358401234567', '2026-01-31T10:00:00Z', 'wav')).toThrow('not a contact id');
  });
});

describe('fetch retry backoff', () => {
  it('doubles from 30 s and caps at 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffSeconds(n))).toEqual([
      30, 60, 120, 240, 480, 900, 900, 900,
    ]);
    expect(backoffSeconds(3, 1)).toBe(4);
  });
});
