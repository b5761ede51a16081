import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_NAMES } from '../../local/emulators';
import { type LocalServer, startLocalServer } from '../../local/server';
import { dynamoDocumentClient } from '../../shared/kernel/dynamo-client';
import { contactPk, META } from '../../shared/kernel/table-keys';
import { PUBLIC_BASE_URL, TWILIO_PLATFORM, twilioSecret } from './twilio';
import { OTHER_SECRET, TEST_PEPPER, TEST_SECRET } from './webhooks';

/** The Twilio platform's options: agents are `agent:…` identities, the bot is `bot`. */
const TWILIO_OPTIONS = { agentIdentities: ['agent:*'], botIdentities: ['bot'] };

/**
 * The whole local system (emulators + HTTP API) for one test file, in memory and a temp folder.
 * The real SDK clients in this process point at it once started.
 */
export async function startSystem(
  options: { withoutJobs?: readonly string[] } = {},
): Promise<LocalServer & { tmp: string }> {
  const tmp = mkdtempSync(join(tmpdir(), 'contact-recordings-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const server = await startLocalServer({
    s3Dir: join(tmp, 's3'),
    webhookSecret: TEST_SECRET,
    // Two platforms with different secrets (ADR 0007): tests deliver as acme-cc.
    platforms: [
      { slug: 'acme-cc', kind: 'standard-webhooks', secret: { current: TEST_SECRET } },
      { slug: 'other-cc', kind: 'standard-webhooks', secret: { current: OTHER_SECRET } },
      { slug: TWILIO_PLATFORM, kind: 'twilio', secret: twilioSecret, options: TWILIO_OPTIONS },
      // The same account, configured to keep recordings at Twilio.
      {
        slug: 'twilio-keep',
        kind: 'twilio',
        secret: twilioSecret,
        options: { deleteRecordingsAtSource: false },
      },
    ],
    webhookBaseUrl: PUBLIC_BASE_URL,
    pepper: TEST_PEPPER,
    withoutJobs: options.withoutJobs,
  });
  return {
    ...server,
    tmp,
    async close() {
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function getItem(pk: string, sk: string) {
  const out = await dynamoDocumentClient().send(
    new GetCommand({ TableName: LOCAL_NAMES.contactsTable, Key: { pk, sk } }),
  );
  return out.Item;
}

/** Every item in the contacts table (tests only: production code never scans). */
export async function allItems() {
  const out = await dynamoDocumentClient().send(new ScanCommand({ TableName: LOCAL_NAMES.contactsTable }));
  return out.Items ?? [];
}

export async function queryContact(contactId: string) {
  const out = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: LOCAL_NAMES.contactsTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': contactPk(contactId) },
    }),
  );
  return out.Items ?? [];
}

/**
 * Time passes: the stored contact's period is over (its expiry moves to a minute ago) but it is
 * not deleted yet (DynamoDB's TTL and the sweep have not run).
 */
export async function expireContact(contactId: string): Promise<void> {
  await dynamoDocumentClient().send(
    new UpdateCommand({
      TableName: LOCAL_NAMES.contactsTable,
      Key: { pk: contactPk(contactId), sk: META },
      UpdateExpression: 'SET expiresAt = :past',
      ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 60 },
    }),
  );
}
