import { ValidationError } from '../kernel/errors';
import { dayDiff, parseDay } from '../kernel/time';
import { buildSurveyReport, type SurveyReport } from './report';
import type { SurveyStore } from './survey-store';

export interface SurveyReportDeps {
  surveys?: Pick<SurveyStore, 'readStats'>;
}

/** At most this many days per report (one query per month of counters). */
const MAX_DAYS = 731;

/**
 * GET /ops/surveys/report?from=yyyy-mm-dd&to=yyyy-mm-dd (Helsinki days, inclusive): per
 * service number, surveys sent, response rate, average score and distribution (N14: aggregate
 * counters only; nothing here can be traced to a person).
 */
export async function surveyReport(
  query: Record<string, string | undefined>,
  deps: SurveyReportDeps,
): Promise<SurveyReport> {
  if (!deps.surveys) throw new ValidationError('survey reports are not configured for this API');
  const from = day(query.from, 'from');
  const to = day(query.to, 'to');
  const span = dayDiff(from, to);
  if (span < 0)
    throw new ValidationError('from must not be after to', [{ path: 'from', message: 'after to' }]);
  if (span >= MAX_DAYS) {
    throw new ValidationError(`a report covers at most ${MAX_DAYS} days; narrow from..to`, [
      { path: 'to', message: `more than ${MAX_DAYS} days after from` },
    ]);
  }
  return buildSurveyReport(from, to, await deps.surveys.readStats(from, to));
}

/** A Helsinki calendar day, yyyy-mm-dd. */
function day(value: string | undefined, field: string): string {
  if (value === undefined || !parseDay(value)) {
    throw new ValidationError(`${field} must be a day as yyyy-mm-dd, e.g. 2026-03-01, got "${value ?? ''}"`, [
      { path: field, message: 'expected yyyy-mm-dd' },
    ]);
  }
  return value;
}
