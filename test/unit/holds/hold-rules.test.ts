import { rewriteKeys } from '../../../shared/holds/hold';
import { checkReason } from '../../../shared/kernel/audit';
import { daysBetween, helsinkiDay } from '../../../shared/kernel/time';

describe('hold rules', () => {
  it('N9: rewrites every object reference on META under the moved prefix, at any depth', () => {
    // Prepare
    const item = {
      pk: 'CONTACT#call-1',
      recording: { key: 'recordings/call-1/2025-01-01-1.wav', size: 10 },
      parts: ['recordings/call-1/a.json', 'other/x'],
      note: 'recordings/call-2/elsewhere',
    };

    // Act
    const out = rewriteKeys(item, 'recordings/call-1/', 'holds/call-1/');

    // Assess
    expect(out).toEqual({
      recording: { key: 'holds/call-1/2025-01-01-1.wav', size: 10 },
      parts: ['holds/call-1/a.json', 'other/x'],
    });
  });

  it('rejects a missing reason and says how to give one', () => {
    expect(() => checkReason(undefined)).toThrow(/reason: is required: say why/);
  });

  it('rejects a reason with a phone number in it (N17)', () => {
    expect(() => checkReason('customer 040 123 4567 disputes')).toThrow(
      /looks like it contains a phone number/,
    );
  });

  it('N13: counts expiry days in Helsinki time, so 23:30 UTC is already the next day there', () => {
    expect(helsinkiDay(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(daysBetween('2025-02-27', '2025-03-01')).toEqual(['2025-02-27', '2025-02-28', '2025-03-01']);
  });
});
