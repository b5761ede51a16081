import { z } from 'zod';
import { DEFAULT_CHAT_RETENTION_MONTHS } from './chat-record';

const name = z.string().min(1);

/** functions/chat-events: POST /webhooks/chats. */
export const chatEventsEnv = z.object({
  CONTACTS_TABLE: name,
  IDEMPOTENCY_TABLE: name,
  WEBHOOK_SECRET_ID: name,
  PEPPER_SECRET_ID: name,
  /** N13: months a chat and its transcript are kept after the chat ended. */
  CHAT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(DEFAULT_CHAT_RETENTION_MONTHS),
});
