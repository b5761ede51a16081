import { applyCallEvent, type CallRecord, type NormalisedCallEvent } from '../../../shared/calls/call-record';

// How a Connect CTR merges into its call (shared/calls/call-record.ts): the newest
// LastUpdateTimestamp wins; a transfer leg only extends the end. Times as the CTR contract gives
// them (ISO-8601 UTC, ctr-data-model.html).
const base = {
  contactId: 'call-0123456789abcdef0123456789abcdef',
  provider: 'amazon-connect',
  callId: 'c-1',
};
const ctr = (
  updated: string,
  endedAt: string,
  answeredAt = '2026-03-02T08:00:05.000Z',
): NormalisedCallEvent => ({
  ...base,
  type: 'call.ended',
  direction: 'inbound',
  startedAt: '2026-03-02T08:00:00.000Z',
  answeredAt,
  endedAt,
  sourceUpdatedAt: updated,
});
const leg = (endedAt: string): NormalisedCallEvent => ({ ...base, type: 'call.ended', legEndedAt: endedAt });
const merge = (events: NormalisedCallEvent[]): CallRecord | undefined =>
  events.reduce<CallRecord | undefined>((record, event) => applyCallEvent(record, event, 12), undefined);

describe('a Connect call merged from its CTRs', () => {
  it('an older or equal LastUpdateTimestamp changes nothing', () => {
    const stored = merge([ctr('2026-03-02T08:10:00.000Z', '2026-03-02T08:05:30.000Z')]);
    for (const updated of ['2026-03-02T08:09:00.000Z', '2026-03-02T08:10:00.000Z']) {
      expect(applyCallEvent(stored, ctr(updated, '2026-03-02T08:04:00.000Z'), 12)).toEqual(stored);
    }
  });

  it('a newer LastUpdateTimestamp replaces the times it carries, and the expiry follows the end (N13)', () => {
    const record = merge([
      ctr('2026-03-02T08:10:00.000Z', '2026-03-02T08:05:30.000Z'),
      ctr('2026-03-02T08:20:00.000Z', '2026-03-02T08:06:00.000Z', '2026-03-02T08:00:07.000Z'),
    ]);
    expect(record).toMatchObject({
      answeredAt: '2026-03-02T08:00:07.000Z',
      endedAt: '2026-03-02T08:06:00.000Z',
      sourceUpdatedAt: '2026-03-02T08:20:00.000Z',
      expiresOn: '2027-03-02',
    });
  });

  it('N1: a transfer leg extends the end; the initial contact, in either order, never shortens it', () => {
    const initial = ctr('2026-03-02T08:10:00.000Z', '2026-03-02T08:05:30.000Z');
    const later = leg('2026-03-02T08:12:00.000Z');
    const earlier = leg('2026-03-02T08:07:00.000Z');
    for (const events of [
      [initial, later, earlier],
      [later, initial, earlier],
      [earlier, later, initial],
    ]) {
      expect(merge(events)).toMatchObject({
        startedAt: '2026-03-02T08:00:00.000Z',
        endedAt: '2026-03-02T08:12:00.000Z',
        lastLegEndedAt: '2026-03-02T08:12:00.000Z',
      });
    }
    const updatedInitial = ctr('2026-03-02T08:30:00.000Z', '2026-03-02T08:05:30.000Z');
    expect(merge([initial, later, updatedInitial])?.endedAt).toBe('2026-03-02T08:12:00.000Z');
  });
});
