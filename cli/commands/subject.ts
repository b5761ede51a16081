import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { ExportView, StartedExport } from '../../shared/subjects/export';
import type { EraseResult, SubjectContact } from '../../shared/subjects/subject';
import { callApi } from '../api-client';
import { downloadBundle, followExport } from '../export-progress';
import { globalOptions } from '../options';
import { printRecord, printTable } from '../output';

interface SubjectOptions {
  nickname?: boolean;
  from?: string;
  to?: string;
  reason: string;
  identified?: boolean;
}

/** `subject search|export|erase <number>`: a data subject's records (N9, N16). */
export function register(program: Command): void {
  const subject = program.command('subject').description('find, export or erase a person’s records');
  const who = (value: string, opts: SubjectOptions) =>
    opts.nickname ? { nickname: value } : { number: value, from: opts.from, to: opts.to };
  subject
    .command('search <number>')
    .description('live contacts of a phone number (or --nickname) in a time range')
    .option('--nickname', 'the argument is a chat nickname, not a number')
    .option('--from <date>', 'started at or after (ISO date/time)')
    .option('--to <date>', 'started at or before (ISO date/time)')
    .option('--identified', 'N8: only calls with a verified identification in the period')
    .requiredOption('--reason <why>', 'why you are searching (audited)')
    .action(async (value: string, opts: SubjectOptions) => {
      const options = globalOptions(program);
      const { contacts } = await callApi<{ contacts: (SubjectContact & { expiresAt?: string })[] }>(
        options,
        'POST',
        'ops/subjects/search',
        {
          ...who(value, opts),
          from: opts.from,
          to: opts.to,
          reason: opts.reason,
          ...(opts.identified ? { identified: 'verified' } : {}),
        },
      );
      const rows = contacts.map((c) => ({
        ...c,
        hold: c.hold ? `held: ${c.hold.reason}` : '',
        identified: (c.identifications ?? [])
          .map((i) => `${i.result} ${i.method} ${i.identifiedAt}`)
          .join(', '),
      }));
      printTable(
        rows,
        ['contactId', 'kind', 'startedAt', 'endedAt', 'expiresAt', 'hold', 'identified'],
        options,
      );
    });
  subject
    .command('export <number>')
    .description('N16: one ZIP of everything about the person, built as a job; prints a short-lived link')
    .option('--nickname', 'the argument is a chat nickname, not a number')
    .option('--from <date>', 'started at or after')
    .option('--to <date>', 'started at or before')
    .option('--out <file>', 'also download the bundle to this file')
    .requiredOption('--reason <why>', 'the access request (audited)')
    .action(async (value: string, opts: SubjectOptions & { out?: string }) => {
      const options = globalOptions(program);
      const started = await callApi<StartedExport>(options, 'POST', 'ops/subjects/export', {
        ...who(value, opts),
        from: opts.from,
        to: opts.to,
        reason: opts.reason,
      });
      if (!options.json) {
        console.error(`export ${started.exportId}: ${started.contacts.length} contacts, ${started.status}`);
      }
      await finishExport(program, started.exportId, opts.reason, opts.out);
    });
  subject
    .command('export-status <exportId>')
    .description('follow an export started earlier; prints its link when done')
    .option('--out <file>', 'also download the bundle to this file')
    .option('--reason <why>', 'why you fetch it (audited)')
    .action(async (exportId: string, opts: { out?: string; reason?: string }) => {
      await finishExport(program, exportId, opts.reason, opts.out);
    });
  subject
    .command('erase <number>')
    .description(
      'N16: request the erasure of everything about the person except held contacts; a different officer approves it (erase-approve)',
    )
    .option('--nickname', 'the argument is a chat nickname, not a number')
    .requiredOption('--reason <why>', 'the erasure request (audited, on the receipt)')
    .action(async (value: string, opts: SubjectOptions) => {
      const options = globalOptions(program);
      const result = await callApi<EraseResult | { erasureId: string; status: string }>(
        options,
        'POST',
        'ops/subjects/erase',
        { ...(opts.nickname ? { nickname: value } : { number: value }), reason: opts.reason },
      );
      if ('erasureId' in result) {
        if (options.json) return printRecord(result, options);
        console.log(
          `erasure ${result.erasureId} is ${result.status}: another officer approves it with \`subject erase-approve ${result.erasureId}\` (or cancels it with erase-cancel)`,
        );
        return;
      }
      printErased(result, options);
    });
  subject
    .command('erase-approve <erasureId>')
    .description('N16: approve and carry out an erasure another officer requested (four eyes)')
    .action(async (erasureId: string) => {
      const options = globalOptions(program);
      const result = await callApi<EraseResult>(
        options,
        'POST',
        `ops/erasures/${encodeURIComponent(erasureId)}/approve`,
        {},
      );
      printErased(result, options);
    });
  subject
    .command('erase-cancel <erasureId>')
    .description('cancel a pending erasure request')
    .requiredOption('--reason <why>', 'why it is cancelled (audited)')
    .action(async (erasureId: string, opts: { reason: string }) => {
      const options = globalOptions(program);
      const result = await callApi<Record<string, unknown>>(
        options,
        'POST',
        `ops/erasures/${encodeURIComponent(erasureId)}/cancel`,
        { reason: opts.reason },
      );
      printRecord(result, options);
    });
}

function printErased(result: EraseResult, options: ReturnType<typeof globalOptions>): void {
  if (options.json) {
    printRecord(result, options);
    return;
  }
  console.log(
    `erased ${result.erased.length} contacts (${result.items} items, ${result.objects} objects); receipt at ${result.receiptAt}`,
  );
  if (result.kept.length) {
    console.log('kept (under dispute hold):');
    printTable(result.kept, ['contactId', 'since', 'reason'], options);
  }
}

/**
 * Follow the job with a progress bar that advances as recordings are collected (contacts when
 * there are none), then print the link and download it to `out` if asked.
 */
async function finishExport(
  program: Command,
  exportId: string,
  reason?: string,
  out?: string,
): Promise<void> {
  const options = globalOptions(program);
  const quiet = options.json || !process.stderr.isTTY;
  const bar = new SingleBar({
    format: ' {phase} [{bar}] {value}/{total} {unit} | {contacts} contacts',
    hideCursor: true,
    stream: process.stderr,
  });
  let shown = false;
  const show = (phase: string, value: number, total: number, unit: string, contacts: string) => {
    if (quiet) return;
    if (!shown) bar.start(Math.max(total, 1), value, { phase, unit, contacts });
    shown = true;
    bar.setTotal(Math.max(total, 1));
    bar.update(value, { phase, unit, contacts });
  };
  let result: ExportView;
  try {
    result = await followExport(options, exportId, reason, (view) => {
      const contacts = `${view.contacts.done}/${view.contacts.total}`;
      if (view.recordings.total > 0) {
        show(
          `${view.status}: collecting`,
          view.recordings.done,
          view.recordings.total,
          'recordings',
          contacts,
        );
      } else {
        show(`${view.status}: collecting`, view.contacts.done, view.contacts.total, 'contacts', contacts);
      }
    });
    if (out) {
      await downloadBundle(result.url ?? '', out, (received, total) =>
        show('downloading', received, total || result.size || received, 'bytes', `${result.contacts.total}`),
      );
    }
  } finally {
    if (shown) bar.stop();
  }
  printRecord(
    {
      exportId,
      contacts: result.contacts.total,
      recordings: result.recordings.total,
      files: result.files,
      bytes: result.size,
      ...(result.skipped ? { leftOut: result.skipped } : {}),
      link: result.url,
      linkValidUntil: result.urlExpiresAt,
      ...(out ? { savedTo: out } : {}),
    },
    options,
  );
}
