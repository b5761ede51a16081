import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { httpBundle } from '../http/bundle';
import { jsonResponse } from '../http/errors';
import { assertProviderIsPlatform, platformOf } from '../http/platform';
import { type SignedWebhookEvent, signedWebhook } from '../http/signed-webhook';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import { recordingAvailable } from '../recordings/contract';
import { type AcceptRecordingDeps, acceptRecordingAvailable } from '../recordings/intake';
import type { CallRecord } from './call-record';
import { parseCallEvent } from './parse-call-event';
import { type RecordCallEventDeps, recordCallEvent } from './record-call-event';

export interface CallWebhookDeps extends RecordCallEventDeps {
  /**
   * The active signing secrets of the platform named in the route; none for an unknown platform.
   * `fresh`: bypass the cache (asked once after a verification failure).
   */
  signingSecrets: (platform: string | undefined, options?: { fresh?: boolean }) => Promise<string[]>;
  /** Deduplication on platform + webhook-id; optional so unit tests can leave it out. */
  idempotency?: MiddlewareObj<SignedWebhookEvent, APIGatewayProxyResultV2>;
  /**
   * Follow-up work on the stored call (e.g. scheduling its survey). Runs on every accepted
   * delivery, replays of unchanged records included, so a failed follow-up is retried with the
   * platform's retry; each follow-up must itself be idempotent. A throw answers 5xx.
   */
  onCallStored?: ((record: CallRecord) => Promise<void>)[];
  /** `recording.available`: enqueue a pull job (docs/recordings.md). Absent = the event is refused. */
  recordings?: AcceptRecordingDeps;
}

/** POST /webhooks/{platform}/calls: authenticate, validate, store, answer 200 only once it is durable. */
export function createCallWebhookHandler(deps: CallWebhookDeps) {
  const middleware = [
    signedWebhook((event, options) => deps.signingSecrets(platformOf(event), options)),
    ...(deps.idempotency ? [deps.idempotency] : []),
  ];
  return httpBundle<SignedWebhookEvent>(
    async (event) => {
      assertProviderIsPlatform(event.payload, platformOf(event));
      if ((event.payload as { type?: unknown } | null)?.type === 'recording.available') {
        return acceptRecording(event.payload, deps.recordings);
      }
      const call = parseCallEvent(event.payload, deps.defaultCountry, `${eventLabel(event.payload)} event`);
      const { contactId, outcome, record } = await recordCallEvent(call, deps);
      if (record) for (const followUp of deps.onCallStored ?? []) await followUp(record);
      logger.info('call event stored', { eventType: call.type, contactId, outcome });
      metrics.addMetric(`CallEvent_${outcome}`, 'Count', 1);
      return jsonResponse(200, { contactId, outcome });
    },
    ...middleware,
  );
}

/** 202 once the pull job is durably enqueued (the fetch runs later, never in this response). */
async function acceptRecording(payload: unknown, deps: AcceptRecordingDeps | undefined) {
  if (!deps) throw new Error('recording.available is not configured for this function');
  const event = parseOrThrow(recordingAvailable, payload, 'recording.available event');
  const { contactId, outcome } = await acceptRecordingAvailable(event, deps);
  logger.info('recording announced', { contactId, outcome });
  metrics.addMetric(`RecordingAvailable_${outcome}`, 'Count', 1);
  return jsonResponse(outcome === 'queued' ? 202 : 200, { contactId, outcome });
}

function eventLabel(payload: unknown): string {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.length <= 40 ? type : 'call';
}
