import * as z from 'zod/mini';
import { webhookEnv } from '../calls/env';
import { envName } from '../kernel/env';

/** functions/twilio-voice: the call webhook's environment plus the URL Twilio is configured with. */
export const twilioVoiceEnv = z.extend(webhookEnv, {
  /** The public base URL of the webhooks, as configured at Twilio (`-c webhookBaseUrl`, else the API's URL). */
  WEBHOOK_BASE_URL: envName,
});
