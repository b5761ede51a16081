import * as z from 'zod/mini';
import { envName } from '../kernel/env';

/** functions/connect-redact: the Connect instance whose contacts are redacted. */
export const connectRedactEnv = z.object({
  /** The instance id (the last part of `connectInstanceArn`). */
  CONNECT_INSTANCE_ID: envName,
});
