#!/usr/bin/env -S npx tsx
import { Command } from 'commander';
import { ApiError } from './api-client';
import { register as contact } from './commands/contact';
import { register as dlq } from './commands/dlq';
import { register as holds } from './commands/holds';
import { register as subject } from './commands/subject';
import { register as survey } from './commands/survey';
import { register as trail } from './commands/trail';

/**
 * The ops CLI over the ops API. Locally it talks to `npm start`; against AWS pass the stack's
 * ApiUrl output with --api (or CONTACT_RECORDINGS_API) and have AWS credentials allowed to invoke it.
 */
const program = new Command('contact-recordings')
  .description('find, show, play, hold, export and erase contact recordings — every access is audited')
  .option('--api <url>', 'ops API base URL', process.env.CONTACT_RECORDINGS_API ?? 'http://127.0.0.1:3000')
  .option('--region <region>', 'AWS region of the API', process.env.AWS_REGION ?? 'eu-north-1')
  .option('--user <name>', 'who you are (local mode only; AWS uses your IAM identity)', process.env.USER)
  .option('--json', 'print JSON instead of tables')
  .showHelpAfterError();

// Each command file registers its sub-commands.
for (const register of [contact, holds, subject, trail, survey, dlq]) register(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof ApiError ? `error ${error.message}` : `error: ${(error as Error).message}`);
  process.exit(1);
});
