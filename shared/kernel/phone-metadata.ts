/**
 * libphonenumber-js metadata in its own JSON shape (version 4): per calling code the countries that
 * share it, and per country a positional array whose 12th entry holds the number-type patterns
 * (mobile, fixed line, ...). `min` metadata has no type patterns, `max` has them for every country.
 */
export interface PhoneMetadataJson {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown[]>;
  nonGeographic?: Record<string, unknown[]>;
}

/** Index of a country's display formats: what `format()` and AsYouType use, never parsing. */
const FORMATS = 4;

/**
 * The metadata the Lambda bundles carry (shared/kernel/phone-metadata.json): the small `min` data for
 * every country, plus the full `max` data (precise validation and number types) for `typeCountries`
 * and every country that shares a calling code with one of them, so that telling those countries
 * apart (+358 is FI and AX) works exactly as with `max`. Survey eligibility needs the number type
 * (mobile or not) only for survey countries, which are EU/EEA by rule (N12); every other country is
 * parsed and validated with `min` (its numbering plan's general pattern and lengths).
 *
 * Display formats are left out (`0`, the library's own "absent"): half the bytes, and this code
 * never formats a number for display; it stores E.164 (`PhoneNumber.number`), which they do not
 * affect. kernel/phone.ts never hands a parsed `PhoneNumber` out, so nothing can format one.
 */
export function derivePhoneMetadata(
  min: PhoneMetadataJson,
  max: PhoneMetadataJson,
  typeCountries: Iterable<string>,
): PhoneMetadataJson {
  const withTypes = withNumberTypes(min, max, typeCountries);
  return {
    ...withTypes,
    countries: withoutFormats(withTypes.countries),
    ...(withTypes.nonGeographic ? { nonGeographic: withoutFormats(withTypes.nonGeographic) } : {}),
  };
}

function withoutFormats(entries: Record<string, unknown[]>): Record<string, unknown[]> {
  return Object.fromEntries(
    Object.entries(entries).map(([key, entry]) => [key, entry.map((v, i) => (i === FORMATS ? 0 : v))]),
  );
}

/** `min` for every country, `max` for `typeCountries` and those sharing their calling codes. */
export function withNumberTypes(
  min: PhoneMetadataJson,
  max: PhoneMetadataJson,
  typeCountries: Iterable<string>,
): PhoneMetadataJson {
  if (min.version !== max.version) throw new Error(`min (${min.version}) and max (${max.version}) differ`);
  const wanted = new Set(typeCountries);
  const full = new Set<string>();
  for (const countries of Object.values(max.country_calling_codes)) {
    if (countries.some((country) => wanted.has(country))) for (const country of countries) full.add(country);
  }
  const missing = [...wanted].filter((country) => !max.countries[country]);
  if (missing.length > 0) throw new Error(`no phone metadata for ${missing.join(', ')}`);
  const countries: Record<string, unknown[]> = {};
  for (const [country, entry] of Object.entries(min.countries)) {
    countries[country] = full.has(country) ? (max.countries[country] as unknown[]) : entry;
  }
  return { ...min, countries };
}
