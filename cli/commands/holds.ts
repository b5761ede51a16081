import type { Command } from 'commander';
import type { HoldSummary } from '../../shared/holds/hold';
import { callApi } from '../api-client';
import { globalOptions } from '../options';
import { printTable } from '../output';

/** `holds`: every contact under a dispute hold (N9). */
export function register(program: Command): void {
  program
    .command('holds')
    .description('list contacts under dispute hold')
    .action(async () => {
      const options = globalOptions(program);
      const { holds } = await callApi<{ holds: HoldSummary[] }>(options, 'GET', 'ops/holds');
      printTable(
        holds as unknown as Record<string, unknown>[],
        ['contactId', 'since', 'by', 'reason'],
        options,
      );
    });
}
