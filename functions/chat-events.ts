import { DynamoChatStore } from '../shared/chats/dynamo-chat-store';
import { chatEventsEnv } from '../shared/chats/env';
import { createChatWebhookHandler } from '../shared/chats/webhook-handler';
import { webhookIdempotency } from '../shared/http/dynamo-idempotency';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { standardWebhookSecrets } from '../shared/kernel/platforms';
import { pseudonymPepper } from '../shared/kernel/secrets';

const env = loadEnv(chatEventsEnv);

export const handler = createChatWebhookHandler({
  chats: new DynamoChatStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  signingSecrets: standardWebhookSecrets(env.PLATFORMS),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.CHAT_RETENTION_MONTHS,
  idempotency: webhookIdempotency(env.IDEMPOTENCY_TABLE),
});
