import { DynamoChatStore } from '../shared/chats/dynamo-chat-store';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { twilioConversationsEnv } from '../shared/twilio/conversations-env';
import { createTwilioConversationsHandler } from '../shared/twilio/conversations-handler';
import { readTwilioSecret } from '../shared/twilio/credentials';

const env = loadEnv(twilioConversationsEnv);

export const handler = createTwilioConversationsHandler({
  platforms: env.PLATFORMS,
  baseUrl: env.WEBHOOK_BASE_URL,
  readSecret: (secretId) => readTwilioSecret(secretId),
  chats: new DynamoChatStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.CHAT_RETENTION_MONTHS,
});
