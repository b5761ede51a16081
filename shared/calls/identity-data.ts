import type { Issue } from '../kernel/parse';

/**
 * N8/N15: an identification event carries the outcome only. Identity data — a personal identity
 * code (henkilötunnus), a name, a birth date — in **any** field (known or not) is refused with a
 * 400 that names the field and never repeats the value.
 */

/** DDMMYY, century sign (+, -, A–F, U–Y), individual number, check character. */
const IDENTITY_CODE =
  /(?<![0-9A-Za-z])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y](?![0-9A-Za-z])/i;
/** Calendar dates as people write them: 1985-03-14, 14.3.1985, 14/03/1985, 14031985. */
const DATE = [
  /(?<!\d)(1[89]|20)\d{2}-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])(?!\d)/,
  /(?<!\d)(0?[1-9]|[12]\d|3[01])[./](0?[1-9]|1[0-2])[./]((1[89]|20)\d{2}|\d{2})(?!\d)/,
  /(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(1[89]|20)\d{2}(?!\d)/,
];
/** Two or more capitalised words: "Matti Meikäläinen", "Anna-Liisa Virtanen". */
const PERSON_NAME = /^\p{Lu}[\p{Ll}'’]+(?:[ -]\p{Lu}[\p{Ll}'’]+)+$/u;
/** Field names that announce identity data, whatever their value. */
const IDENTITY_KEY = /name|birth|dob|hetu|ssn|henkil|identity.?code|personal.?(id|code|number)/i;
/** Fields whose value is a time by contract (the identification's own time is not a birth date). */
const TIME_FIELDS = new Set(['data.identifiedAt', 'timestamp']);

const REFUSED = 'identity data is never accepted: send only the outcome and an opaque reference';

export function identityDataIssues(payload: unknown): Issue[] {
  const issues: Issue[] = [];
  const visit = (value: unknown, path: string, depth: number) => {
    if (depth > 6) return;
    const key = path.split('.').at(-1) ?? '';
    if (path && IDENTITY_KEY.test(key) && value !== undefined && value !== null && value !== '') {
      issues.push({ path, message: `this field carries identity data; ${REFUSED}` });
      return;
    }
    if (typeof value === 'string') {
      const problem = valueProblem(value, path);
      if (problem) issues.push({ path, message: `${problem}; ${REFUSED}` });
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, `${path}.${i}`, depth + 1);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  visit(payload, '', 0);
  return issues;
}

function valueProblem(value: string, path: string): string | undefined {
  if (IDENTITY_CODE.test(value)) return 'looks like a personal identity code (henkilötunnus)';
  if (!TIME_FIELDS.has(path) && DATE.some((d) => d.test(value))) return 'looks like a date of birth';
  if (PERSON_NAME.test(value.trim())) return 'looks like a person’s name';
  return undefined;
}
