import type { Command } from 'commander';
import type { AuditEntry } from '../../shared/kernel/audit';
import type { SweepReceipt } from '../../shared/retention/sweep';
import { callApi } from '../api-client';
import { globalOptions } from '../options';
import { printTable } from '../output';

/** `receipts` and `audit`: the deletion receipts and the access audit trail (N7, N13, N16). */
export function register(program: Command): void {
  program
    .command('receipts')
    .description('deletion receipts (sweeps and erasures) of a day or period (UTC days)')
    .option('--day <yyyy-mm-dd>', 'one day (default today)')
    .option('--from <yyyy-mm-dd>', 'first day of a period')
    .option('--to <yyyy-mm-dd>', 'last day of a period')
    .action(async (opts: { day?: string; from?: string; to?: string }) => {
      const options = globalOptions(program);
      const { receipts } = await callApi<{ receipts: SweepReceipt[] }>(
        options,
        'GET',
        'ops/receipts',
        undefined,
        opts,
      );
      const rows = receipts.map((r) => ({
        at: r.at,
        kind: r.kind,
        contacts: r.counts.contacts,
        items: r.counts.items,
        objects: r.counts.objects,
        kept: r.kept?.length ?? '',
        by: r.by ?? '',
        reason: r.reason ?? '',
      }));
      if (options.json) printTable(receipts as unknown as Record<string, unknown>[], [], options);
      else printTable(rows, ['at', 'kind', 'contacts', 'items', 'objects', 'kept', 'by', 'reason'], options);
    });
  program
    .command('audit')
    .description('the audit trail of one contact, or of a day or period (UTC days)')
    .option('--contact <id>', 'entries about one contact')
    .option('--day <yyyy-mm-dd>', 'one day (default today)')
    .option('--from <yyyy-mm-dd>', 'first day of a period')
    .option('--to <yyyy-mm-dd>', 'last day of a period')
    .action(async (opts: { contact?: string; day?: string; from?: string; to?: string }) => {
      const options = globalOptions(program);
      const { entries } = await callApi<{ entries: AuditEntry[] }>(options, 'GET', 'ops/audit', undefined, {
        contactId: opts.contact,
        day: opts.day,
        from: opts.from,
        to: opts.to,
      });
      const rows = entries.map((e) => ({
        ...e,
        contact: e.contactId ?? (e.contactIds ? `${e.contactIds.length} contacts` : ''),
      }));
      printTable(rows, ['at', 'who', 'action', 'contact', 'outcome', 'reason'], options);
    });
}
