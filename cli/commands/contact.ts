import type { Command } from 'commander';
import type { ContactView } from '../../shared/domain/read-contact';
import { callApi } from '../api-client';
import { globalOptions } from '../options';
import { printRecord } from '../output';

/** `contact show <id>`: one live contact (N7; audited by the ops API). */
export function register(program: Command): void {
  const contact = program.command('contact').description('look at one contact');
  contact
    .command('show <id>')
    .description('show a contact’s metadata (and a chat’s transcript); expired contacts are not found')
    .action(async (id: string) => {
      const options = globalOptions(program);
      const view = await callApi<ContactView>(options, 'GET', `ops/contacts/${encodeURIComponent(id)}`);
      printRecord(view, options);
    });
}
