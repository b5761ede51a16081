import { STAT_FIELDS, type StatField, type StatsRow } from './survey-store';

/** N14: aggregate figures per service number for a period; nothing about any one person. */
export interface SurveyReportLine {
  serviceNumber: string;
  sent: number;
  responses: number;
  /** responses / sent, 0..1; null when nothing was sent. */
  responseRate: number | null;
  /** Mean score 1..5; null without responses. */
  averageScore: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  otherReplies: number;
  optOuts: number;
}

export interface SurveyReport {
  from: string;
  to: string;
  lines: SurveyReportLine[];
  total: SurveyReportLine;
}

/** Sum daily counter rows into one line per service number plus a total. */
export function buildSurveyReport(from: string, to: string, rows: StatsRow[]): SurveyReport {
  const sums = new Map<string, Record<StatField, number>>();
  const total = zero();
  for (const row of rows) {
    if (row.day < from || row.day > to) continue;
    const sum = sums.get(row.serviceNumber) ?? zero();
    for (const field of STAT_FIELDS) {
      sum[field] += row.counts[field] ?? 0;
      total[field] += row.counts[field] ?? 0;
    }
    sums.set(row.serviceNumber, sum);
  }
  const lines = [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([serviceNumber, sum]) => line(serviceNumber, sum));
  return { from, to, lines, total: line('all', total) };
}

function zero(): Record<StatField, number> {
  return Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as Record<StatField, number>;
}

function line(serviceNumber: string, sum: Record<StatField, number>): SurveyReportLine {
  const scored = sum.score1 + 2 * sum.score2 + 3 * sum.score3 + 4 * sum.score4 + 5 * sum.score5;
  return {
    serviceNumber,
    sent: sum.sent,
    responses: sum.responses,
    responseRate: sum.sent ? round(sum.responses / sum.sent) : null,
    averageScore: sum.responses ? round(scored / sum.responses) : null,
    distribution: { '1': sum.score1, '2': sum.score2, '3': sum.score3, '4': sum.score4, '5': sum.score5 },
    otherReplies: sum.otherReplies,
    optOuts: sum.optOuts,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
