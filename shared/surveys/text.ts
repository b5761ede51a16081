import { ValidationError } from '../kernel/errors';

/** The GSM 03.38 default alphabet (one septet each); ESC is not a character of its own. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (ESC + char). */
const GSM7_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

/** One GSM-7 SMS segment holds 160 septets. */
export const SINGLE_SEGMENT_SEPTETS = 160;

/** Septets `text` takes in GSM-7, or the first character GSM-7 cannot carry. */
export function gsm7Length(text: string): { septets: number } | { badChar: string; index: number } {
  let septets = 0;
  let index = 0;
  for (const char of text) {
    if (BASIC.has(char)) septets += 1;
    else if (EXTENDED.has(char)) septets += 2;
    else return { badChar: char, index };
    index += 1;
  }
  return { septets };
}

/**
 * An SMS text must be GSM-7 only and fit one segment (160 septets): otherwise it is sent as
 * UCS-2 (70 characters a segment) or split, and costs two or three times as much. Throws a
 * ValidationError naming the offending character (with its code point and position) or the length.
 */
export function assertSingleSegmentSms(text: string, field: string): void {
  if (text.trim().length === 0) throw new ValidationError(`${field} is empty; give the SMS text`);
  const result = gsm7Length(text);
  if ('badChar' in result) {
    const code = `U+${(result.badChar.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ValidationError(
      `${field}: character "${result.badChar}" (${code}) at position ${result.index + 1} is not in the GSM-7 alphabet; replace it (e.g. plain quotes and hyphens instead of typographic ones) so the SMS stays one segment`,
      [{ path: field, message: `character ${code} at position ${result.index + 1} is not GSM-7` }],
    );
  }
  if (result.septets > SINGLE_SEGMENT_SEPTETS) {
    throw new ValidationError(
      `${field} is ${result.septets} GSM-7 characters long (the characters ^{}\\[]~|€ count twice); one SMS segment holds ${SINGLE_SEGMENT_SEPTETS}: shorten it by ${result.septets - SINGLE_SEGMENT_SEPTETS}`,
      [{ path: field, message: `${result.septets} characters, at most ${SINGLE_SEGMENT_SEPTETS}` }],
    );
  }
}

/** The default survey text (Finnish): asks for 1-5 and says how to opt out. */
export const DEFAULT_SURVEY_TEXT =
  'Kiitos soitostasi Front Kasvurahoitukseen! Miten onnistuimme? Vastaa numerolla 1-5 (5 = erinomainen). Jos et halua kyselyjä, vastaa LOPETA.';

/** Sent once when a number opts out, if enabled. */
export const DEFAULT_OPTOUT_CONFIRMATION = 'Front Kasvurahoitus: et saa enää asiakaskyselyjä tähän numeroon.';
