import { isMobileNumber, maskPhone, normalisePhone } from '../../../shared/kernel/phone';

describe('normalisePhone (N1: numbers stored in E.164)', () => {
  it.each([
    ['+358401234567', '+358401234567'],
    ['040 123 4567', '+358401234567'], // Finnish national format, default country FI
    ['0401234567', '+358401234567'],
    ['+358 9 6829 8003', '+358968298003'], // Helsinki landline (a service number)
    ['00358401234567', '+358401234567'], // international prefix
    ['+46 70 123 45 67', '+46701234567'], // Swedish mobile
  ])('normalises %s to %s', (raw, e164) => {
    expect(normalisePhone(raw, 'data.from')).toEqual({ kind: 'number', e164 });
  });

  it.each(['anonymous', 'Withheld', 'PRIVATE', '', null, undefined])(
    'accepts a withheld caller (%s) where allowed',
    (raw) => {
      expect(normalisePhone(raw, 'data.from', { allowWithheld: true })).toEqual({ kind: 'withheld' });
    },
  );

  it('rejects a withheld number where one is required (service numbers)', () => {
    expect(() => normalisePhone('anonymous', 'data.to')).toThrow(
      'data.to is not a valid phone number (a number is required here)',
    );
  });

  it.each(['12', 'not a number', '+358 123', '+999 1234567'])(
    'rejects %s with a message naming the field',
    (raw) => {
      expect(() => normalisePhone(raw, 'data.from')).toThrow(/^data\.from is not a valid phone number/);
    },
  );

  it('N17: never repeats the bad number in its message', () => {
    expect(() => normalisePhone('+358 987', 'data.from')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('987') }),
    );
  });

  it('uses the configured default country for national formats', () => {
    expect(normalisePhone('070 123 45 67', 'data.from', { defaultCountry: 'SE' })).toEqual({
      kind: 'number',
      e164: '+46701234567',
    });
  });
});

describe('isMobileNumber', () => {
  it('recognises Finnish mobiles and rejects landlines', () => {
    expect(isMobileNumber('+358401234567')).toBe(true);
    expect(isMobileNumber('+358968298003')).toBe(false);
  });
});

describe('maskPhone', () => {
  it('N17: keeps only the country code and last two digits for logs', () => {
    expect(maskPhone('+358401234567')).toBe('+358*******67');
    expect(maskPhone(undefined)).toBe('withheld');
  });
});
