import { type CountryCode, type MetadataJson, parsePhoneNumberWithError } from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import max from 'libphonenumber-js/metadata.max.json';
import min from 'libphonenumber-js/metadata.min.json';
import { countryOf, isMobileNumber, normalisePhone } from '../../../shared/kernel/phone';
import {
  derivePhoneMetadata,
  type PhoneMetadataJson,
  withNumberTypes,
} from '../../../shared/kernel/phone-metadata';
import bundled from '../../../shared/kernel/phone-metadata.json';
import { EU_EEA_COUNTRIES } from '../../../shared/surveys/policy';

/** The 12th entry of a country's metadata holds its number-type patterns (absent in `min`). */
const hasTypes = (metadata: PhoneMetadataJson, country: string) =>
  Array.isArray(metadata.countries[country]?.[11]);

describe('the phone metadata in the bundles (min everywhere, max for EU/EEA, no display formats)', () => {
  it('is what shared/surveys/phone-metadata.generate.ts derives from the installed libphonenumber-js', () => {
    // Fails after a libphonenumber-js upgrade until the file is regenerated (see that script).
    expect(bundled).toEqual(derivePhoneMetadata(min, max, EU_EEA_COUNTRIES));
  });

  it('N12: knows the number type in every country a survey may go to, and in those sharing its calling code', () => {
    const metadata = bundled as PhoneMetadataJson;
    for (const country of [...EU_EEA_COUNTRIES, 'AX', 'SJ'])
      expect([country, hasTypes(metadata, country)]).toEqual([country, true]);
    expect(metadata.countries.FI?.[11]).toEqual(max.countries.FI?.[11]);
    expect(metadata.countries.JP?.[2]).toEqual(min.countries.JP?.[2]);
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

  it('N1: parses every number exactly as the same metadata with display formats does', () => {
    // What the bundles drop (display formats) must not change what is stored: the E.164 number,
    // validity, type, country or the parse error. Each country's example mobile number in national,
    // punctuated and international form, plus 20,000 seeded variations of their last digits.
    const withFormats = withNumberTypes(min, max, EU_EEA_COUNTRIES) as unknown as MetadataJson;
    const stripped = bundled as unknown as MetadataJson;
    const parse = (metadata: MetadataJson, text: string, country?: string) => {
      try {
        const p = parsePhoneNumberWithError(text, { defaultCountry: country as CountryCode }, metadata);
        return [p.number, p.isValid(), p.getType(), p.country].join(' ');
      } catch (error) {
        return (error as Error).message;
      }
    };
    const codeOf = (country: string) =>
      Object.entries(max.country_calling_codes).find(([, countries]) =>
        (countries as string[]).includes(country),
      )?.[0];
    const inputs: [string, string | undefined][] = [];
    const samples = Object.entries(examples as Record<string, string>);
    for (const [country, national] of samples) {
      inputs.push(
        [national, country],
        [`0${national}`, country],
        [`(${national.slice(0, 3)}) ${national.slice(3)}`, country],
      );
      inputs.push([`+${codeOf(country)} ${national}`, undefined]);
    }
    let seed = 15;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * n);
    };
    for (let i = 0; i < 20_000; i++) {
      const [country, national] = samples[next(samples.length)] as [string, string];
      const digits = national.split('');
      for (let k = 0; k < 3; k++)
        digits[digits.length - 1 - next(Math.min(6, digits.length))] = String(next(10));
      inputs.push([digits.join(''), country]);
    }
    const differing = inputs.filter(
      ([text, country]) => parse(stripped, text, country) !== parse(withFormats, text, country),
    );
    expect(
      inputs.filter(([text, country]) => parse(stripped, text, country).includes(' true ')).length,
    ).toBeGreaterThan(5_000);
    expect(differing).toEqual([]);
  });

  it('throws when a type country is unknown to libphonenumber-js', () => {
    expect(() => derivePhoneMetadata(min, max, ['XX'])).toThrow('no phone metadata for XX');
  });
});
