import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { SurveyReport, SurveyReportLine } from '../../shared/surveys/report';
import { callApi } from '../api-client';
import { globalOptions } from '../options';
import { printTable } from '../output';

const percent = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)} %`);
const row = (line: SurveyReportLine) => ({
  'service number': line.serviceNumber,
  sent: line.sent,
  responses: line.responses,
  'response rate': percent(line.responseRate),
  average: line.averageScore === null ? '-' : line.averageScore.toFixed(2),
  '1/2/3/4/5': Object.values(line.distribution).join('/'),
  other: line.otherReplies,
  'opt-outs': line.optOuts,
});

/** `survey report --from --to`: aggregate SMS survey figures per service number (N14; audited). */
export function register(program: Command): void {
  const survey = program.command('survey').description('SMS satisfaction surveys (aggregate figures only)');
  const today = DateTime.now().setZone('Europe/Helsinki');
  survey
    .command('report')
    .description('surveys sent, response rate, average score and distribution per service number')
    .option('--from <day>', 'first Helsinki day, yyyy-mm-dd', today.startOf('month').toISODate() ?? '')
    .option('--to <day>', 'last Helsinki day, yyyy-mm-dd', today.toISODate() ?? '')
    .action(async (opts: { from: string; to: string }) => {
      const options = globalOptions(program);
      const report = await callApi<SurveyReport>(options, 'GET', 'ops/surveys/report', undefined, {
        from: opts.from,
        to: opts.to,
      });
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      console.log(`SMS surveys ${report.from} .. ${report.to} (Helsinki days)`);
      const rows = [...report.lines.map(row), ...(report.lines.length > 1 ? [row(report.total)] : [])];
      printTable(rows, Object.keys(row(report.total)), options);
    });
}
