import {
  type CountryCode,
  isSupportedCountry,
  type MetadataJson,
  parsePhoneNumberWithError as parseWith,
} from 'libphonenumber-js/core';
import { InvalidPhoneNumberError } from './errors';
import metadataJson from './phone-metadata.json';

/**
 * `min` metadata for every country, `max` (precise patterns and number types) for the EU/EEA, where
 * survey SMS may go (N12), without display formats: 45 KB instead of max's 157 KB in every bundle that handles numbers
 * (kernel/phone-metadata.ts; docs/performance.md).
 */
const metadata = metadataJson as unknown as MetadataJson;
const parsePhoneNumberWithError = (text: string, options?: { defaultCountry?: CountryCode }) =>
  parseWith(text, options ?? {}, metadata);

export type PhoneNumber = { kind: 'number'; e164: string } | { kind: 'withheld' };

/** Values platforms use for a caller who hid their number. Compared case-insensitively. */
const WITHHELD = new Set(['', 'anonymous', 'withheld', 'private', 'restricted', 'unknown', 'unavailable']);

/**
 * Normalise a phone number to E.164 (N1). `null`/`undefined` or a withheld marker gives
 * `{ kind: 'withheld' }` when `allowWithheld`; anything unparseable throws InvalidPhoneNumberError
 * (whose message never repeats the number).
 */
export function normalisePhone(
  raw: string | null | undefined,
  field: string,
  { defaultCountry = 'FI', allowWithheld = false }: { defaultCountry?: string; allowWithheld?: boolean } = {},
): PhoneNumber {
  const text = (raw ?? '').trim();
  if (WITHHELD.has(text.toLowerCase())) {
    if (allowWithheld) return { kind: 'withheld' };
    throw new InvalidPhoneNumberError(field, 'a number is required here');
  }
  if (!isSupportedCountry(defaultCountry as CountryCode, metadata)) {
    throw new RangeError(`default country ${defaultCountry} is not an ISO 3166 code libphonenumber knows`);
  }
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(text, { defaultCountry: defaultCountry as CountryCode });
  } catch (error) {
    throw new InvalidPhoneNumberError(field, (error as Error).message.toLowerCase().replaceAll('_', ' '));
  }
  if (!parsed.isValid()) throw new InvalidPhoneNumberError(field, 'no such number in its numbering plan');
  return { kind: 'number', e164: parsed.number };
}

/**
 * True for numbers libphonenumber classifies as mobile (or fixed-line-or-mobile). Number types are
 * known precisely for EU/EEA numbers only (see `metadata`), which are the only ones surveys may go to.
 */
export function isMobileNumber(e164: string): boolean {
  try {
    const type = parsePhoneNumberWithError(e164).getType();
    return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
  } catch {
    return false;
  }
}

/** The ISO country of an E.164 number, if known. */
export function countryOf(e164: string): string | undefined {
  try {
    return parsePhoneNumberWithError(e164).country;
  } catch {
    return undefined;
  }
}

/** For logs and screens: keeps the country code and the last two digits, e.g. +358*******67. */
export function maskPhone(e164: string | undefined | null): string {
  if (!e164) return 'withheld';
  const match = /^(\+\d{1,3})(\d*)(\d{2})$/.exec(e164);
  if (!match) return '***';
  return `${match[1]}${'*'.repeat(match[2]?.length ?? 0)}${match[3]}`;
}
