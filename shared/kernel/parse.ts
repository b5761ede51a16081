import type { core } from 'zod/mini';
import { safeParse } from 'zod/mini';
import { ValidationError } from './errors';
import './zod-messages';

export interface Issue {
  path: string;
  message: string;
}

/** One issue per bad field of a failed zod parse, path joined with dots. */
export function zodIssues(error: { issues: readonly core.$ZodIssue[] }): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : '(body)',
    message: issue.message,
  }));
}

/** A ValidationError that names every bad field in its message and its issues. */
export function invalid(what: string, issues: Issue[]): ValidationError {
  return new ValidationError(
    `${what} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}

/** Parse with a zod schema; on failure throw a ValidationError with one message per bad field. */
export function parseOrThrow<S extends core.$ZodType>(
  schema: S,
  value: unknown,
  what: string,
): core.output<S> {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  throw invalid(what, zodIssues(result.error));
}
