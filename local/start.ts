// Must stay the first import: sets Powertools defaults before anything reads them.
import './quiet';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { maskPhone } from '../shared/kernel/phone';
import {
  DEFAULT_LOCAL_PEPPER,
  LOCAL_TWILIO_PLATFORM,
  LOCAL_TWILIO_SECRET,
  localWebhookSecret,
} from './defaults';
import { LOCAL_DEFAULT_PLATFORM } from './emulators';
import { startLocalServer } from './server';

/**
 * `npm start`: the whole system on this machine, no AWS account needed. Data persists in
 * .local/ (git-ignored); delete the folder to start afresh.
 */

async function main() {
  const root = join(process.cwd(), '.local');
  const dataDir = join(root, 'dynamodb');
  const s3Dir = join(root, 's3');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(s3Dir, { recursive: true });
  const webhookSecret = localWebhookSecret();
  if (!webhookSecret.startsWith('whsec_')) throw new Error('LOCAL_WEBHOOK_SECRET must be a whsec_... value');
  // Surveys go out 15 s after a call locally (10 min in AWS), so the demo shows one (docs/surveys.md).
  process.env.SURVEY_DELAY_SECONDS ??= '15';

  const server = await startLocalServer({
    port: Number(process.env.PORT ?? 3000),
    dataDir,
    s3Dir,
    webhookSecret,
    // The default platform plays the generic envelope; twilio-demo plays a Twilio number (ADR 0007).
    platforms: [
      { slug: LOCAL_DEFAULT_PLATFORM, kind: 'standard-webhooks', secret: { current: webhookSecret } },
      { slug: LOCAL_TWILIO_PLATFORM, kind: 'twilio', secret: LOCAL_TWILIO_SECRET },
    ],
    pepper: process.env.LOCAL_PEPPER ?? DEFAULT_LOCAL_PEPPER,
    outboxFile: join(root, 'sms-outbox.jsonl'),
    printSms: (sms) => console.log(`SMS to ${maskPhone(sms.phoneNumber)}: ${sms.message}`),
  });
  console.log(`contact-recordings is running locally at ${server.url}`);
  console.log(
    `  platform ${LOCAL_DEFAULT_PLATFORM}: POST ${server.url}/webhooks/${LOCAL_DEFAULT_PLATFORM}/calls, …/chats`,
  );
  console.log(
    `  webhook signing secret: ${webhookSecret}${process.env.LOCAL_WEBHOOK_SECRET ? '' : ' (default)'}`,
  );
  console.log(`  data: ${root}  (DynamoDB: dynalite, S3: s3rver, SMS outbox: sms-outbox.jsonl)`);
  console.log('  try: npm run demo    stop: Ctrl+C');

  const shutdown = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(`could not start: ${(error as Error).message}`);
  process.exit(1);
});
