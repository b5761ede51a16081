import * as z from 'zod/mini';
import { chatEventsEnv } from '../chats/env';
import { envName } from '../kernel/env';

/**
 * functions/twilio-conversations: the chat webhook's environment plus the configured URL. A file of
 * its own (not beside the voice environment) so the chat function bundles no call, recording or
 * survey settings.
 */
export const twilioConversationsEnv = z.extend(chatEventsEnv, {
  /** The public base URL of the webhooks, as configured at Twilio (`-c webhookBaseUrl`, else the API's URL). */
  WEBHOOK_BASE_URL: envName,
});
