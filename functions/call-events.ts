import { dynamoDocumentClient, sqsClient } from '../shared/adapters/clients';
import { DynamoCallStore } from '../shared/adapters/dynamo-call-store';
import { DynamoRecordingStore } from '../shared/adapters/dynamo-recording-store';
import { webhookIdempotency } from '../shared/adapters/idempotency';
import { pseudonymPepper, webhookSigningSecrets } from '../shared/adapters/secrets';
import { SqsRecordingQueue } from '../shared/adapters/sqs-recording-queue';
import { loadEnv, webhookEnv } from '../shared/config/env';
import { sourcePolicyFrom } from '../shared/config/env-recordings';
import { createCallWebhookHandler } from '../shared/http/call-webhook';

const env = loadEnv(webhookEnv);

export const handler = createCallWebhookHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  signingSecrets: () => webhookSigningSecrets(env.WEBHOOK_SECRET_ID),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.RETENTION_MONTHS,
  defaultCountry: env.DEFAULT_COUNTRY,
  idempotency: webhookIdempotency(env.IDEMPOTENCY_TABLE),
  recordings: {
    recordings: new DynamoRecordingStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
    queue: new SqsRecordingQueue(sqsClient(), env.RECORDING_FETCH_QUEUE_URL),
    policy: sourcePolicyFrom(env),
  },
});
