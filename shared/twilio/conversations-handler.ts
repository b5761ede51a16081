import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { chatEvent } from '../chats/contract';
import { type RecordChatEventDeps, recordChatEvent } from '../chats/record-chat-event';
import { httpBundle } from '../http/bundle';
import { HttpError, jsonResponse } from '../http/errors';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import type { Platforms } from '../kernel/platforms';
import { conversationEvent } from './conversations';
import type { TwilioSecret } from './credentials';
import { authenticateTwilio, TwilioRequestError } from './twilio-request';

export interface TwilioConversationsDeps extends RecordChatEventDeps {
  platforms: Platforms;
  baseUrl: string;
  readSecret: (secretId: string) => Promise<TwilioSecret | undefined>;
}

/**
 * POST /webhooks/{platform}/twilio/conversations: Twilio Conversations post-event webhooks,
 * with the same signature rules as Voice (403 and nothing stored). Chats never lead to an SMS (N10).
 * Logs ids, event types, sequence numbers and outcomes only: never an author, a body or a number.
 */
export function createTwilioConversationsHandler(deps: TwilioConversationsDeps) {
  return httpBundle<APIGatewayProxyEventV2>(async (event) => {
    let request: Awaited<ReturnType<typeof authenticateTwilio>>;
    try {
      request = await authenticateTwilio(event, deps);
    } catch (error) {
      if (!(error instanceof TwilioRequestError)) throw error;
      throw new HttpError(error.statusCode, error.message, error.code);
    }
    const payload = conversationEvent(request.platform, request.entry, request.params);
    if (!payload) return jsonResponse(200, { outcome: 'ignored' });
    const chat = parseOrThrow(chatEvent, payload, `Twilio ${payload.type} event`);
    const { contactId, outcome } = await recordChatEvent(chat, deps);
    const seq = chat.type === 'chat.message' ? { seq: chat.data.seq } : {};
    logger.info('twilio conversation event stored', { eventType: chat.type, contactId, outcome, ...seq });
    metrics.addMetric(`TwilioConversation_${outcome}`, 'Count', 1);
    return jsonResponse(200, { contactId, outcome, ...seq });
  });
}
