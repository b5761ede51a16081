import { ValidationError } from '../kernel/errors';
import { type Issue, invalid, zodIssues } from '../kernel/parse';
import { normalisePhone } from '../kernel/phone';
import { type CallEvent, callEvent } from './contract';
import { identityDataIssues } from './identity-data';

const PHONE_FIELDS = ['from', 'to'] as const;

/**
 * Validate a call event at the door and report **every** bad field in one 400: the schema's
 * issues and each number that is not a valid phone number (checked the way the event will be
 * normalised), never echoing a value. A single bad number keeps its own detailed error. An
 * identification event carrying identity data in any field is refused naming each field (N8).
 */
export function parseCallEvent(payload: unknown, defaultCountry: string, what: string): CallEvent {
  const parsed = callEvent.safeParse(payload);
  // N8: identity data in an identification event is refused first, field by field.
  const identity = isIdentification(payload) ? identityDataIssues(payload) : [];
  const schema = parsed.success ? [] : zodIssues(parsed.error);
  const issues: Issue[] = [...identity, ...schema.filter((i) => !identity.some((x) => x.path === i.path))];
  const phoneErrors = phoneProblems(payload, defaultCountry, issues);
  if (parsed.success && !identity.length && phoneErrors.length === 1) throw phoneErrors[0];
  issues.push(...phoneErrors.flatMap((e) => e.issues));
  if (!parsed.success || issues.length) throw invalid(what, issues);
  return parsed.data;
}

function isIdentification(payload: unknown): boolean {
  return (payload as { type?: unknown } | null)?.type === 'call.identified';
}

function phoneProblems(payload: unknown, defaultCountry: string, reported: Issue[]): ValidationError[] {
  const data = (payload as { data?: Record<string, unknown> } | null)?.data;
  if (!data || typeof data !== 'object') return [];
  const direction =
    data.direction === 'inbound' || data.direction === 'outbound' ? data.direction : undefined;
  const errors: ValidationError[] = [];
  for (const field of PHONE_FIELDS) {
    const raw = data[field];
    const path = `data.${field}`;
    if (typeof raw !== 'string' || reported.some((i) => i.path === path)) continue;
    // Only the customer's side of an inbound call may be withheld (as in recordCallEvent).
    const customerSide = direction === undefined || (direction === 'inbound') === (field === 'from');
    try {
      normalisePhone(raw, path, { defaultCountry, allowWithheld: customerSide });
    } catch (error) {
      if (error instanceof ValidationError) errors.push(error);
      else throw error;
    }
  }
  return errors;
}
