import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { httpBundle } from '../http/bundle';
import { jsonResponse } from '../http/errors';
import { assertProviderIsPlatform, platformOf } from '../http/platform';
import { type SignedWebhookEvent, signedWebhook } from '../http/signed-webhook';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import { chatEvent } from './contract';
import { type RecordChatEventDeps, recordChatEvent } from './record-chat-event';

export interface ChatWebhookDeps extends RecordChatEventDeps {
  /**
   * The active signing secrets of the platform named in the route; none for an unknown platform.
   * `fresh`: bypass the cache (asked once after a verification failure).
   */
  signingSecrets: (platform: string | undefined, options?: { fresh?: boolean }) => Promise<string[]>;
  /** Deduplication on platform + webhook-id; optional so unit tests can leave it out. */
  idempotency?: MiddlewareObj<SignedWebhookEvent, APIGatewayProxyResultV2>;
}

/**
 * POST /webhooks/{platform}/chats: authenticate, validate, store, answer 200 only once it is durable.
 * Logs ids, event types, sequence numbers and outcomes only: never a nickname, detail or text.
 * There is deliberately no follow-up hook: chats never lead to an SMS survey (N10).
 */
export function createChatWebhookHandler(deps: ChatWebhookDeps) {
  const middleware = [
    signedWebhook((event, options) => deps.signingSecrets(platformOf(event), options)),
    ...(deps.idempotency ? [deps.idempotency] : []),
  ];
  return httpBundle<SignedWebhookEvent>(
    async (event) => {
      assertProviderIsPlatform(event.payload, platformOf(event));
      const chat = parseOrThrow(chatEvent, event.payload, `${eventLabel(event.payload)} event`);
      const { contactId, outcome } = await recordChatEvent(chat, deps);
      const seq = chat.type === 'chat.message' ? { seq: chat.data.seq } : {};
      logger.info('chat event stored', { eventType: chat.type, contactId, outcome, ...seq });
      metrics.addMetric(`ChatEvent_${outcome}`, 'Count', 1);
      return jsonResponse(200, { contactId, outcome, ...seq });
    },
    ...middleware,
  );
}

function eventLabel(payload: unknown): string {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' && /^[a-z.]{1,40}$/.test(type) ? type : 'chat';
}
