import { contactIdFor } from '../kernel/contact-id';
import { ValidationError } from '../kernel/errors';
import { type AcceptRecordingDeps, acceptRecordingAvailable } from '../recordings/intake';
import { field } from './signature';
import type { AuthenticatedTwilioRequest } from './twilio-request';

/**
 * Twilio recording status callbacks
 * (https://www.twilio.com/docs/voice/api/recording#recordingstatuscallback): `RecordingStatus=completed`
 * enqueues the existing pull of `RecordingUrl` (its host, e.g. api.twilio.com or an IE1 regional
 * host, must be on the recording source allow-list). Read: AccountSid, CallSid, RecordingSid,
 * RecordingUrl, RecordingStatus, RecordingStartTime, RecordingDuration; everything else
 * (RecordingChannels, RecordingSource, RecordingTrack, ErrorCode, …) is dropped (N15).
 */
export async function acceptTwilioRecording(
  request: AuthenticatedTwilioRequest,
  deps: AcceptRecordingDeps,
): Promise<{ contactId: string; outcome: string }> {
  const { params, platform, entry } = request;
  const callSid = field(params, 'CallSid') ?? '';
  const recordingSid = field(params, 'RecordingSid') ?? '';
  const url = field(params, 'RecordingUrl') ?? '';
  const issues: { path: string; message: string }[] = [];
  if (!/^CA[0-9a-fA-F]{32}$/.test(callSid))
    issues.push({ path: 'CallSid', message: 'must be a Twilio call SID' });
  if (!/^RE[0-9a-fA-F]{32}$/.test(recordingSid)) {
    issues.push({ path: 'RecordingSid', message: 'must be a Twilio recording SID' });
  }
  if (!url.endsWith(`/Recordings/${recordingSid}`)) {
    issues.push({ path: 'RecordingUrl', message: "must be the recording's own URL at Twilio" });
  }
  if (issues.length) throw new ValidationError('the Twilio recording callback is not valid', issues);
  const contactId = contactIdFor('call', platform, callSid);
  if (field(params, 'RecordingStatus') !== 'completed') return { contactId, outcome: 'ignored' };

  const startsAt = Date.parse(field(params, 'RecordingStartTime') ?? '');
  const duration = Number(field(params, 'RecordingDuration') ?? Number.NaN);
  const bounds =
    Number.isNaN(startsAt) || !Number.isFinite(duration)
      ? {}
      : {
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + duration * 1000).toISOString(),
        };
  return acceptRecordingAvailable(
    { type: 'recording.available', data: { provider: platform, callId: callSid, url } },
    deps,
    {
      platform,
      deleteAtSource: entry.deleteRecordingsAtSource ?? true,
      ...bounds,
    },
  );
}
