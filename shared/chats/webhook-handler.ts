import { jsonResponse } from '../http/errors';
import { type SignedWebhookDeps, signedPlatformWebhook } from '../http/platform-webhook';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import { chatEvent } from './contract';
import { type RecordChatEventDeps, recordChatEvent } from './record-chat-event';

export interface ChatWebhookDeps extends RecordChatEventDeps, SignedWebhookDeps {}

/**
 * POST /webhooks/{platform}/chats: authenticate, validate, store, answer 200 only once it is durable.
 * Logs ids, event types, sequence numbers and outcomes only: never a nickname, detail or text.
 * There is deliberately no follow-up hook: chats never lead to an SMS survey (N10).
 */
export function createChatWebhookHandler(deps: ChatWebhookDeps) {
  return signedPlatformWebhook(deps, async (payload) => {
    const chat = parseOrThrow(chatEvent, payload, `${eventLabel(payload)} event`);
    const { contactId, outcome } = await recordChatEvent(chat, deps);
    const seq = chat.type === 'chat.message' ? { seq: chat.data.seq } : {};
    logger.info('chat event stored', { eventType: chat.type, contactId, outcome, ...seq });
    metrics.addMetric(`ChatEvent_${outcome}`, 'Count', 1);
    return jsonResponse(200, { contactId, outcome, ...seq });
  });
}

function eventLabel(payload: unknown): string {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' && /^[a-z.]{1,40}$/.test(type) ? type : 'chat';
}
