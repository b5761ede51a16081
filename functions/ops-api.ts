import { dynamoDocumentClient } from '../shared/adapters/clients';
import { DynamoCallStore } from '../shared/adapters/dynamo-call-store';
import { loadEnv } from '../shared/config/env';
import { opsEnv } from '../shared/config/env-ops';
import { createOpsApiHandler } from '../shared/http/ops-api';

const env = loadEnv(opsEnv);

export const handler = createOpsApiHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
});
