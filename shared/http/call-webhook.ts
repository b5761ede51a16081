import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { callEvent } from '../contract/calls';
import { parseOrThrow } from '../contract/parse';
import { type RecordCallEventDeps, recordCallEvent } from '../domain/record-call-event';
import { logger, metrics } from '../observability';
import { httpBundle } from './bundle';
import { jsonResponse } from './errors';
import { type SignedWebhookEvent, signedWebhook } from './signed-webhook';

export interface CallWebhookDeps extends RecordCallEventDeps {
  signingSecrets: () => Promise<string[]>;
  /** Deduplication on webhook-id; optional so unit tests can leave it out. */
  idempotency?: MiddlewareObj<SignedWebhookEvent, APIGatewayProxyResultV2>;
}

/** POST /webhooks/calls: authenticate, validate, store, answer 200 only once it is durable. */
export function createCallWebhookHandler(deps: CallWebhookDeps) {
  const middleware = [signedWebhook(deps.signingSecrets), ...(deps.idempotency ? [deps.idempotency] : [])];
  return httpBundle<SignedWebhookEvent>(
    async (event) => {
      const call = parseOrThrow(callEvent, event.payload, `${describe(event.payload)} event`);
      const { contactId, outcome } = await recordCallEvent(call, deps);
      logger.info('call event stored', { eventType: call.type, contactId, outcome });
      metrics.addMetric(`CallEvent_${outcome}`, 'Count', 1);
      return jsonResponse(200, { contactId, outcome });
    },
    ...middleware,
  );
}

function describe(payload: unknown): string {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.length <= 40 ? type : 'call';
}
