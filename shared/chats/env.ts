import * as z from 'zod/mini';
import { envName as name, retentionEnv } from '../kernel/env';
import { platformsEnv } from '../kernel/platforms';

/** functions/chat-events: POST /webhooks/chats. */
export const chatEventsEnv = z.object({
  CONTACTS_TABLE: name,
  IDEMPOTENCY_TABLE: name,
  /** The platform registry (shared/kernel/platforms.ts): slug -> kind and secret. */
  PLATFORMS: platformsEnv,
  PEPPER_SECRET_ID: name,
  /** N13: months a chat and its transcript are kept after the chat ended. */
  CHAT_RETENTION_MONTHS: retentionEnv.CHAT_RETENTION_MONTHS,
});
