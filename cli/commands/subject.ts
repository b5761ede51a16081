import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { EraseResult, ExportResult, SubjectContact } from '../../shared/domain/subject';
import { callApi } from '../api-client';
import { globalOptions } from '../options';
import { printRecord, printTable } from '../output';

interface SubjectOptions {
  nickname?: boolean;
  from?: string;
  to?: string;
  reason: string;
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
    .requiredOption('--reason <why>', 'why you are searching (audited)')
    .action(async (value: string, opts: SubjectOptions) => {
      const options = globalOptions(program);
      const { contacts } = await callApi<{ contacts: (SubjectContact & { expiresAt?: string })[] }>(
        options,
        'POST',
        'ops/subjects/search',
        { ...who(value, opts), from: opts.from, to: opts.to, reason: opts.reason },
      );
      const rows = contacts.map((c) => ({ ...c, hold: c.hold ? `held: ${c.hold.reason}` : '' }));
      printTable(rows, ['contactId', 'kind', 'startedAt', 'endedAt', 'expiresAt', 'hold'], options);
    });
  subject
    .command('export <number>')
    .description('N16: one ZIP of everything about the person, as a short-lived link')
    .option('--nickname', 'the argument is a chat nickname, not a number')
    .option('--from <date>', 'started at or after')
    .option('--to <date>', 'started at or before')
    .option('--out <file>', 'also download the bundle to this file')
    .requiredOption('--reason <why>', 'the access request (audited)')
    .action(async (value: string, opts: SubjectOptions & { out?: string }) => {
      const options = globalOptions(program);
      const quiet = options.json || !process.stderr.isTTY;
      const bar = new SingleBar({
        format: ' {phase} [{bar}] {value}/{total} {unit}',
        hideCursor: true,
        stream: process.stderr,
      });
      if (!quiet) bar.start(1, 0, { phase: 'collecting records and recordings', unit: 'step' });
      const result = await callApi<ExportResult>(options, 'POST', 'ops/subjects/export', {
        ...who(value, opts),
        from: opts.from,
        to: opts.to,
        reason: opts.reason,
      });
      if (!quiet) bar.update(1);
      if (opts.out) {
        const response = await fetch(result.url);
        if (!response.ok || !response.body) throw new Error(`download failed: ${response.status}`);
        const total = Number(response.headers.get('content-length') ?? result.bytes);
        if (!quiet) bar.start(total, 0, { phase: 'downloading', unit: 'bytes' });
        const chunks: Uint8Array[] = [];
        let received = 0;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          chunks.push(chunk);
          received += chunk.length;
          if (!quiet) bar.update(received);
        }
        writeFileSync(opts.out, Buffer.concat(chunks), { mode: 0o600 });
      }
      if (!quiet) bar.stop();
      printRecord(
        {
          exportId: result.exportId,
          contacts: result.contacts.length,
          files: result.files,
          bytes: result.bytes,
          link: result.url,
          linkValidUntil: result.urlExpiresAt,
          ...(opts.out ? { savedTo: opts.out } : {}),
        },
        options,
      );
    });
  subject
    .command('erase <number>')
    .description('N16: delete everything about the person except contacts under hold; writes a receipt')
    .option('--nickname', 'the argument is a chat nickname, not a number')
    .requiredOption('--reason <why>', 'the erasure request (audited, on the receipt)')
    .action(async (value: string, opts: SubjectOptions) => {
      const options = globalOptions(program);
      const result = await callApi<EraseResult>(options, 'POST', 'ops/subjects/erase', {
        ...(opts.nickname ? { nickname: value } : { number: value }),
        reason: opts.reason,
      });
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
    });
}
