import { LOCAL_NAMES } from '../../local/emulators';
import { TEST_PEPPER, TEST_SECRET } from './webhooks';

/**
 * The real call webhook handler, loaded in a fresh module registry so its logger starts at INFO
 * (the suite otherwise runs silent): for tests that read what it logs.
 */
export async function callHandlerLoggingAtInfo() {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  jest.resetModules();
  const { createCallWebhookHandler: create } = await import('../../shared/calls/webhook-handler');
  const { DynamoCallStore: Store } = await import('../../shared/calls/dynamo-call-store');
  const { dynamoDocumentClient: client } = await import('../../shared/kernel/dynamo-client');
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return create({
    signingSecrets: async () => [TEST_SECRET],
    pepper: async () => TEST_PEPPER,
    retentionMonths: 12,
    defaultCountry: 'FI',
    calls: new Store(client(), LOCAL_NAMES.contactsTable),
  });
}
