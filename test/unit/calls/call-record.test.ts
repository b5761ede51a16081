import { applyCallEvent, type NormalisedCallEvent } from '../../../shared/calls/call-record';
import { expiryFrom } from '../../../shared/kernel/expiry';
import { sameRecord as sameCallRecord } from '../../../shared/kernel/merge-record';

const base = { contactId: 'call-0123456789abcdef0123456789abcdef', provider: 'acme', callId: 'c1' };
const startedAt = '2026-01-31T10:00:00.000Z';
const answeredAt = '2026-01-31T10:00:20.000Z';
const endedAt = '2026-01-31T10:05:00.000Z';
const started: NormalisedCallEvent = {
  ...base,
  type: 'call.started',
  direction: 'inbound',
  from: { kind: 'number', e164: '+358401234567' },
  to: { kind: 'number', e164: '+358968298003' },
  startedAt,
};
const answered: NormalisedCallEvent = { ...base, type: 'call.answered', answeredAt };
const ended: NormalisedCallEvent = { ...base, type: 'call.ended', endedAt };

const applyAll = (events: NormalisedCallEvent[]) =>
  events.reduce<ReturnType<typeof applyCallEvent> | undefined>((r, e) => applyCallEvent(r, e, 12), undefined);

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]),
  );
}

describe('applyCallEvent', () => {
  it('N1/N2/N3: holds exactly start, end, answer, customer and service numbers, direction and ids', () => {
    expect(applyAll([started, answered, ended])).toEqual({
      kind: 'call',
      ...{ contactId: base.contactId, provider: 'acme', providerCallId: 'c1' },
      direction: 'inbound',
      customerNumber: '+358401234567',
      serviceNumber: '+358968298003',
      startedAt,
      answeredAt,
      endedAt,
      ...expiryFrom(endedAt, 12),
    });
  });

  it('converges to the same record whatever order and however often events arrive', () => {
    const expected = applyAll([started, answered, ended]);
    for (const order of permutations([started, answered, ended, ended, answered])) {
      expect(applyAll(order)).toEqual(expected);
    }
  });

  it('N13: sets a provisional expiry from the start until the call has ended', () => {
    expect(applyAll([started])).toMatchObject(expiryFrom(startedAt, 12));
    expect(applyAll([answered])).toMatchObject(expiryFrom(answeredAt, 12));
    expect(applyAll([started, ended])).toMatchObject(expiryFrom(endedAt, 12));
  });

  it('N3: maps an outbound call’s callee to the customer and its caller to the service number', () => {
    const outbound = applyAll([{ ...started, direction: 'outbound', from: started.to, to: started.from }]);
    expect(outbound).toMatchObject({
      direction: 'outbound',
      customerNumber: '+358401234567',
      serviceNumber: '+358968298003',
    });
  });

  it('stores a withheld caller as withheld, without a number', () => {
    const record = applyAll([{ ...started, from: { kind: 'withheld' } }]);
    expect(record).toMatchObject({ customerWithheld: true });
    expect(record).not.toHaveProperty('customerNumber');
  });

  it('N9: leaves the expiry off a record under hold', () => {
    const held = { ...applyAll([started]), hold: { reason: 'dispute', since: startedAt, by: 'ops' } };
    delete held.expiresAt;
    delete held.expiresOn;
    const next = applyCallEvent(held as Parameters<typeof applyCallEvent>[0], ended, 12);
    expect(next.expiresAt).toBeUndefined();
    expect(next.endedAt).toBe(endedAt);
  });

  it('rejects an end before the start and names both times', () => {
    expect(() => applyAll([started, { ...ended, endedAt: '2026-01-31T09:00:00.000Z' }])).toThrow(
      'endedAt (2026-01-31T09:00:00.000Z) is before startedAt (2026-01-31T10:00:00.000Z)',
    );
  });

  it('sameCallRecord ignores field order and undefined fields', () => {
    const record = applyAll([started]);
    expect(record && sameCallRecord(record, { ...record, answeredAt: undefined })).toBe(true);
    expect(record && sameCallRecord(record, { ...record, endedAt })).toBe(false);
  });
});
