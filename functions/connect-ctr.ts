import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { createConnectCtrHandler } from '../shared/connect/ctr-handler';
import { connectCtrEnv } from '../shared/connect/env';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { pseudonymPepper } from '../shared/kernel/secrets';

const env = loadEnv(connectCtrEnv);

export const handler = createConnectCtrHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.RETENTION_MONTHS,
  defaultCountry: env.DEFAULT_COUNTRY,
});
