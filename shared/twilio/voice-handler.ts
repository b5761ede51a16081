import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CallRecord } from '../calls/call-record';
import { type RecordCallEventDeps, recordNormalisedCallEvent } from '../calls/record-call-event';
import { httpBundle } from '../http/bundle';
import { HttpError, jsonResponse } from '../http/errors';
import { expiryFrom } from '../kernel/expiry';
import { logger, metrics } from '../kernel/observability';
import type { Platforms } from '../kernel/platforms';
import type { TwilioSecret } from './credentials';
import type { CallbackDedupe } from './ports';
import { type AuthenticatedTwilioRequest, authenticateTwilio, TwilioRequestError } from './twilio-request';
import { readVoiceCallback, voiceCallEvent, voiceDedupeKey } from './voice';

export interface TwilioVoiceDeps extends RecordCallEventDeps {
  platforms: Platforms;
  /** The public base URL Twilio is configured with (`-c webhookBaseUrl`, else the API's URL). */
  baseUrl: string;
  readSecret: (secretId: string) => Promise<TwilioSecret | undefined>;
  dedupe: CallbackDedupe;
  /** Follow-up work on the stored call (the survey), as on the generic call webhook. */
  onCallStored?: ((record: CallRecord) => Promise<void>)[];
  /** Recording status callbacks (./recording-callback.ts); absent = that route answers 404. */
  recordings?: (request: AuthenticatedTwilioRequest) => Promise<{ contactId: string; outcome: string }>;
}

/**
 * POST /webhooks/{platform}/twilio/voice/status (and …/recordings): Twilio Programmable Voice
 * callbacks, authenticated with X-Twilio-Signature against the configured URL (403 and nothing
 * stored otherwise), deduplicated on CallSid + SequenceNumber for longer than the call is kept.
 * Logs ids, statuses and outcomes only: no number, no form field (N15, N17).
 */
export function createTwilioVoiceHandler(deps: TwilioVoiceDeps) {
  return httpBundle<APIGatewayProxyEventV2>(async (event) => {
    const request = await authenticate(event, deps);
    if (event.routeKey.endsWith('/recordings')) {
      if (!deps.recordings) throw new HttpError(404, 'recordings are not configured', 'NotFound');
      const { contactId, outcome } = await deps.recordings(request);
      logger.info('twilio recording callback', { contactId, outcome });
      metrics.addMetric(`TwilioRecording_${outcome}`, 'Count', 1);
      return jsonResponse(outcome === 'queued' ? 202 : 200, { contactId, outcome });
    }
    const callback = readVoiceCallback(request.params);
    const key = voiceDedupeKey(request.platform, callback);
    const now = deps.now?.() ?? new Date();
    if (await deps.dedupe.seen(key)) {
      metrics.addMetric('TwilioVoice_duplicate', 'Count', 1);
      return jsonResponse(200, { outcome: 'duplicate' });
    }
    const call = voiceCallEvent(request.platform, callback, deps.defaultCountry);
    let answer: { contactId?: string; outcome: string } = { outcome: 'leg' };
    if (call) {
      const { contactId, outcome, record } = await recordNormalisedCallEvent(call, deps);
      if (record) for (const followUp of deps.onCallStored ?? []) await followUp(record);
      answer = { contactId, outcome };
    }
    // Remembered only once stored: a failed delivery is processed afresh when Twilio retries it.
    await deps.dedupe.remember(key, expiryFrom(now, deps.retentionMonths + 2).expiresAt);
    logger.info('twilio call status stored', { callStatus: callback.status, ...answer });
    metrics.addMetric(`TwilioVoice_${answer.outcome}`, 'Count', 1);
    return jsonResponse(200, answer);
  });
}

async function authenticate(event: APIGatewayProxyEventV2, deps: TwilioVoiceDeps) {
  try {
    return await authenticateTwilio(event, deps);
  } catch (error) {
    if (error instanceof TwilioRequestError) throw new HttpError(error.statusCode, error.message, error.code);
    throw error;
  }
}
