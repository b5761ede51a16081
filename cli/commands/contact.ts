import type { Command } from 'commander';
import type { ContactView } from '../../shared/ops/read-contact';
import { callApi } from '../api-client';
import { globalOptions } from '../options';
import { printRecord, printTable } from '../output';

/** The recording and its problem one field a line (`recording.sha256  …`), as stored. */
function flattenRecording(view: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(view)) {
    if (
      (key === 'recording' || key === 'recordingProblem' || key === 'sourceDelete') &&
      value &&
      typeof value === 'object'
    ) {
      for (const [field, v] of Object.entries(value)) out[`${key}.${field}`] = v;
    } else out[key] = value;
  }
  return out;
}

/** `contact show|play|hold|release|audit <id>`: one contact (N7, N9, N11; every call audited). */
export function register(program: Command): void {
  const contact = program.command('contact').description('look at or act on one contact');
  contact
    .command('show <id>')
    .description('show a contact’s metadata (and a chat’s transcript); expired contacts are not found')
    .requiredOption('--reason <why>', 'why you are looking (required, audited: a read of personal data)')
    .action(async (id: string, opts: { reason: string }) => {
      const options = globalOptions(program);
      const view = await callApi<ContactView & { transcript?: Record<string, unknown>[] }>(
        options,
        'GET',
        `ops/contacts/${encodeURIComponent(id)}`,
        undefined,
        { reason: opts.reason },
      );
      if (options.json) {
        printRecord(view, options);
        return;
      }
      const { transcript, ...meta } = view;
      printRecord(flattenRecording(meta), options);
      if (!transcript) return;
      console.log('');
      printTable(transcript, ['seq', 'sentAt', 'role', 'agentName', 'text'], options);
    });
  contact
    .command('play <id>')
    .description('a playback link for the recording, valid 5 minutes')
    .requiredOption('--reason <why>', 'why you need to listen (required, audited)')
    .action(async (id: string, opts: { reason: string }) => {
      const options = globalOptions(program);
      const link = await callApi<{ url: string; expiresAt: string }>(
        options,
        'POST',
        `ops/contacts/${encodeURIComponent(id)}/playback`,
        { reason: opts.reason },
      );
      if (options.json) printRecord(link, options);
      else console.log(`${link.url}\n(valid until ${link.expiresAt})`);
    });
  contact
    .command('hold <id>')
    .description('N9: place a dispute hold — stops every clock of the contact until released')
    .requiredOption('--reason <why>', 'the dispute (a case reference, no phone numbers)')
    .action(async (id: string, opts: { reason: string }) => {
      const options = globalOptions(program);
      const out = await callApi<{ contactId: string; hold: Record<string, unknown> }>(
        options,
        'POST',
        `ops/contacts/${encodeURIComponent(id)}/hold`,
        { reason: opts.reason },
      );
      printRecord({ contactId: out.contactId, ...out.hold }, options);
    });
  contact
    .command('release <id>')
    .description('release a hold; a contact already past due is deleted by the next sweep')
    .requiredOption('--reason <why>', 'why the hold ends (audited)')
    .action(async (id: string, opts: { reason: string }) => {
      const options = globalOptions(program);
      printRecord(
        await callApi(options, 'POST', `ops/contacts/${encodeURIComponent(id)}/release`, {
          reason: opts.reason,
        }),
        options,
      );
    });
}
