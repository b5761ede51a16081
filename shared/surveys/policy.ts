/**
 * Who gets an SMS survey and when (N10): the knobs, with the defaults the notice and the
 * business agreed on. Values come from the functions' environment (./env.ts).
 */
export interface SurveyPolicy {
  /** ISO countries whose mobile numbers may be surveyed; each must be in the EU/EEA (N12). */
  countries: readonly string[];
  /** A number surveyed within this many days is not surveyed again. */
  cooldownDays: number;
  /** Share of due calls that are surveyed, 0..1. Deterministic per call. */
  samplingRate: number;
  /** Seconds after the call ends before the survey goes out. */
  delaySeconds: number;
  /** Sending window in Europe/Helsinki wall-clock time. */
  window: SendingWindow;
  /** A survey that would go out later than this after the call is dropped. */
  maxAgeHours: number;
}

/** Minutes after local midnight; `end` is exclusive and may be 24 * 60 (= until midnight). */
export interface SendingWindow {
  startMinute: number;
  endMinute: number;
}

/** EU member states plus the other EEA countries (Iceland, Liechtenstein, Norway). */
export const EU_EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
]);

export const DEFAULT_SURVEY_POLICY: SurveyPolicy = {
  countries: ['FI'],
  cooldownDays: 30,
  samplingRate: 1,
  delaySeconds: 600,
  window: { startMinute: 9 * 60, endMinute: 20 * 60 },
  maxAgeHours: 24,
};

/** Replies count towards a survey sent at most this long ago. */
export const DEFAULT_REPLY_HOURS = 72;

/** Parse "HH:MM-HH:MM" (end may be 24:00). Throws a RangeError that says how to write it. */
export function parseWindow(text: string): SendingWindow {
  const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  const minute = (h?: string, m?: string) => Number(h) * 60 + Number(m);
  if (match) {
    const startMinute = minute(match[1], match[2]);
    const endMinute = minute(match[3], match[4]);
    const validMinutes = Number(match[2]) < 60 && Number(match[4]) < 60;
    if (validMinutes && startMinute < endMinute && endMinute <= 24 * 60) return { startMinute, endMinute };
  }
  throw new RangeError(
    `sending window "${text}" is not valid; write it as HH:MM-HH:MM in Helsinki time with start before end, e.g. 09:00-20:00`,
  );
}

/** Parse a comma-separated list of ISO countries, each in the EU/EEA. */
export function parseCountries(text: string): string[] {
  const countries = text
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  if (countries.length === 0) throw new RangeError('at least one survey country is needed, e.g. FI');
  const outside = countries.filter((c) => !EU_EEA_COUNTRIES.has(c));
  if (outside.length) {
    throw new RangeError(
      `survey countries must be EU/EEA ISO codes (N12); not allowed: ${outside.join(', ')}`,
    );
  }
  return countries;
}
