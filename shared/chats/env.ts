import * as z from 'zod';
import { envName as name, retentionEnv } from '../kernel/env';

/** functions/chat-events: POST /webhooks/chats. */
export const chatEventsEnv = z.object({
  CONTACTS_TABLE: name,
  IDEMPOTENCY_TABLE: name,
  WEBHOOK_SECRET_ID: name,
  PEPPER_SECRET_ID: name,
  /** N13: months a chat and its transcript are kept after the chat ended. */
  CHAT_RETENTION_MONTHS: retentionEnv.CHAT_RETENTION_MONTHS,
});
