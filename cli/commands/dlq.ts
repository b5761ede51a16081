import type { Command } from 'commander';
import type { DeadLetterSummary, RedriveResult } from '../../shared/ops/dead-letters';
import { callApi } from '../api-client';
import { globalOptions } from '../options';
import { printRecord, printTable } from '../output';

/**
 * `dlq list` and `dlq redrive <queue> --reason [--dry-run]`: dead-letter queues, through the ops API
 * (IAM-authorised, one audit entry per call, dry runs included; docs/operations.md, "Alarms").
 */
export function register(program: Command): void {
  const dlq = program.command('dlq').description('dead-letter queues: list them, redrive one (audited)');
  dlq
    .command('list')
    .description('messages in each dead-letter queue, and whether redrive moves them back to their queue')
    .action(async () => {
      const options = globalOptions(program);
      const { queues } = await callApi<{ queues: DeadLetterSummary[] }>(options, 'GET', 'ops/dead-letters');
      printTable(queues as unknown as Record<string, unknown>[], ['queue', 'messages', 'redrive'], options);
    });
  dlq
    .command('redrive <queue>')
    .description('move the messages of a dead-letter queue back to the queue they came from')
    .requiredOption('--reason <why>', 'why (required, audited), e.g. "fixed the cause in release 1.4"')
    .option('--dry-run', 'only count what would be moved (audited too)')
    .action(async (queue: string, opts: { reason: string; dryRun?: boolean }) => {
      const options = globalOptions(program);
      const result = await callApi<RedriveResult>(
        options,
        'POST',
        `ops/dead-letters/${encodeURIComponent(queue)}/redrive`,
        { reason: opts.reason, dryRun: opts.dryRun === true },
      );
      printRecord(result, options);
    });
}
