import { jsonResponse } from '../http/errors';
import { type SignedWebhookDeps, signedPlatformWebhook } from '../http/platform-webhook';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import { recordingAvailable } from '../recordings/contract';
import { type AcceptRecordingDeps, acceptRecordingAvailable } from '../recordings/intake';
import type { CallRecord } from './call-record';
import { parseCallEvent } from './parse-call-event';
import { type RecordCallEventDeps, recordCallEvent } from './record-call-event';

export interface CallWebhookDeps extends RecordCallEventDeps, SignedWebhookDeps {
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
  return signedPlatformWebhook(deps, async (payload) => {
    if ((payload as { type?: unknown } | null)?.type === 'recording.available') {
      return acceptRecording(payload, deps.recordings);
    }
    const call = parseCallEvent(payload, deps.defaultCountry, `${eventLabel(payload)} event`);
    const { contactId, outcome, record } = await recordCallEvent(call, deps);
    if (record) for (const followUp of deps.onCallStored ?? []) await followUp(record);
    logger.info('call event stored', { eventType: call.type, contactId, outcome });
    metrics.addMetric(`CallEvent_${outcome}`, 'Count', 1);
    return jsonResponse(200, { contactId, outcome });
  });
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
