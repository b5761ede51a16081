import max from 'libphonenumber-js/metadata.max.json';
import min from 'libphonenumber-js/metadata.min.json';
import { countryOf, isMobileNumber, normalisePhone } from '../../../shared/kernel/phone';
import { derivePhoneMetadata, type PhoneMetadataJson } from '../../../shared/kernel/phone-metadata';
import bundled from '../../../shared/kernel/phone-metadata.json';
import { EU_EEA_COUNTRIES } from '../../../shared/surveys/policy';

/** The 12th entry of a country's metadata holds its number-type patterns (absent in `min`). */
const hasTypes = (metadata: PhoneMetadataJson, country: string) =>
  Array.isArray(metadata.countries[country]?.[11]);

describe('the phone metadata in the bundles (min everywhere, max for EU/EEA)', () => {
  it('is what shared/surveys/phone-metadata.generate.ts derives from the installed libphonenumber-js', () => {
    // Fails after a libphonenumber-js upgrade until the file is regenerated (see that script).
    expect(bundled).toEqual(derivePhoneMetadata(min, max, EU_EEA_COUNTRIES));
  });

  it('N12: knows the number type in every country a survey may go to, and in those sharing its calling code', () => {
    const metadata = bundled as PhoneMetadataJson;
    for (const country of [...EU_EEA_COUNTRIES, 'AX', 'SJ'])
      expect([country, hasTypes(metadata, country)]).toEqual([country, true]);
    expect(metadata.countries.FI).toEqual(max.countries.FI);
    expect(metadata.countries.JP).toEqual(min.countries.JP);
    expect(hasTypes(metadata, 'JP')).toBe(false);
  });

  it('tells mobiles from landlines across the EU/EEA as the full metadata does', () => {
    expect(isMobileNumber('+46701234567')).toBe(true);
    expect(isMobileNumber('+46812345678')).toBe(false);
    expect(isMobileNumber('+4915112345678')).toBe(true);
    expect(isMobileNumber('+493012345678')).toBe(false);
    expect(countryOf('+358181234567')).toBe('AX');
  });

  it('still parses and validates numbers from everywhere else (N1)', () => {
    expect(normalisePhone('+44 20 7183 8750', 'data.from')).toEqual({
      kind: 'number',
      e164: '+442071838750',
    });
    expect(normalisePhone('+1 415 555 2671', 'data.from')).toEqual({ kind: 'number', e164: '+14155552671' });
    expect(() => normalisePhone('+44 20 71', 'data.from')).toThrow(/not a valid phone number/);
  });

  it('throws when a type country is unknown to libphonenumber-js', () => {
    expect(() => derivePhoneMetadata(min, max, ['XX'])).toThrow('no phone metadata for XX');
  });
});
