import { dynamoDocumentClient } from '../shared/adapters/clients';
import { DynamoChatStore } from '../shared/adapters/dynamo-chat-store';
import { webhookIdempotency } from '../shared/adapters/idempotency';
import { pseudonymPepper, webhookSigningSecrets } from '../shared/adapters/secrets';
import { loadEnv } from '../shared/config/env';
import { chatEventsEnv } from '../shared/config/env-chats';
import { createChatWebhookHandler } from '../shared/http/chat-webhook';

const env = loadEnv(chatEventsEnv);

export const handler = createChatWebhookHandler({
  chats: new DynamoChatStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  signingSecrets: () => webhookSigningSecrets(env.WEBHOOK_SECRET_ID),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.CHAT_RETENTION_MONTHS,
  idempotency: webhookIdempotency(env.IDEMPOTENCY_TABLE),
});
