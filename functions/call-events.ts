import { dynamoDocumentClient } from '../shared/adapters/clients';
import { DynamoCallStore } from '../shared/adapters/dynamo-call-store';
import { webhookIdempotency } from '../shared/adapters/idempotency';
import { pseudonymPepper, webhookSigningSecrets } from '../shared/adapters/secrets';
import { loadEnv, webhookEnv } from '../shared/config/env';
import { createCallWebhookHandler } from '../shared/http/call-webhook';

const env = loadEnv(webhookEnv);

export const handler = createCallWebhookHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  signingSecrets: () => webhookSigningSecrets(env.WEBHOOK_SECRET_ID),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.RETENTION_MONTHS,
  defaultCountry: env.DEFAULT_COUNTRY,
  idempotency: webhookIdempotency(env.IDEMPOTENCY_TABLE),
});
