import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { DynamoChatStore } from '../shared/chats/dynamo-chat-store';
import { createConnectCtrHandler } from '../shared/connect/ctr-handler';
import { connectCtrEnv } from '../shared/connect/env';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { pseudonymPepper } from '../shared/kernel/secrets';

const env = loadEnv(connectCtrEnv);
const pepper = () => pseudonymPepper(env.PEPPER_SECRET_ID);

export const handler = createConnectCtrHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  pepper,
  retentionMonths: env.RETENTION_MONTHS,
  defaultCountry: env.DEFAULT_COUNTRY,
  chat: {
    chats: new DynamoChatStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
    pepper,
    retentionMonths: env.CHAT_RETENTION_MONTHS,
  },
});
