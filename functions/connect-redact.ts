import { ConnectContactData, connectClient } from '../shared/connect/connect-contact-data';
import { connectRedactEnv } from '../shared/connect/redact-env';
import { createConnectRedactHandler } from '../shared/connect/redact-handler';
import { loadEnv } from '../shared/kernel/env';

const env = loadEnv(connectRedactEnv);

/** SQS: redact a leaving contact's number from Connect's own copy (shared/connect/redact-handler.ts). */
export const handler = createConnectRedactHandler({
  contacts: new ConnectContactData(connectClient(), env.CONNECT_INSTANCE_ID),
});
