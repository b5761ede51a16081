import { LOCAL_NAMES } from '../../../local/emulators';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { wavFile } from '../../support/audio';
import { startSystem } from '../../support/local-system';
import {
  callSid,
  postTwilio,
  recordingSid,
  rfc2822,
  TWILIO_ACCOUNT_SID,
  TWILIO_API_KEY_SECRET,
  TWILIO_API_KEY_SID,
  TWILIO_PLATFORM,
} from '../../support/twilio';
import { waitForMeta } from '../recordings/calls';
import { startTwilioMediaServer } from './media-server';

const wav = wavFile(3);
const recordings = new Map<string, Buffer>();
const failDeletes = new Map<string, number>();
let media: Awaited<ReturnType<typeof startTwilioMediaServer>>;
let system: Awaited<ReturnType<typeof startSystem>>;

beforeAll(async () => {
  media = await startTwilioMediaServer({
    apiKeySid: TWILIO_API_KEY_SID,
    apiKeySecret: TWILIO_API_KEY_SECRET,
    recordings,
    failDeletes,
  });
  process.env.RECORDING_SOURCE_HOSTS = 'api.twilio.com';
  process.env.RECORDING_TRUSTED_LOCAL_ENDPOINTS = media.endpoint;
  system = await startSystem();
});
afterAll(async () => {
  await system.close();
  await media.close();
});

const ops = async (path: string) => {
  const response = await fetch(`${system.url}${path}`, { headers: { 'x-ops-user': 'carol' } });
  return (await response.json()) as Record<string, unknown>;
};

/** An answered inbound call that has ended, stored from its status callbacks. */
async function endedCall(platform = TWILIO_PLATFORM) {
  const sid = callSid();
  const base = Date.now();
  const at = (secondsAgo: number) => new Date(Math.floor(base / 1000) * 1000 - secondsAgo * 1000);
  const common = {
    AccountSid: TWILIO_ACCOUNT_SID,
    CallSid: sid,
    Direction: 'inbound',
    From: '+358401230000',
    To: '+358968298003',
  };
  const options = { platform };
  await postTwilio(
    system.url,
    'twilio/voice/status',
    { ...common, CallStatus: 'in-progress', Timestamp: rfc2822(at(120)), SequenceNumber: '0' },
    options,
  );
  await postTwilio(
    system.url,
    'twilio/voice/status',
    {
      ...common,
      CallStatus: 'completed',
      Timestamp: rfc2822(at(60)),
      CallDuration: '60',
      SequenceNumber: '1',
    },
    options,
  );
  return { sid, contactId: contactIdFor('call', platform, sid), at };
}

/**
 * A recording status callback as documented at
 * https://www.twilio.com/docs/voice/api/recording#recordingstatuscallback (AccountSid, CallSid,
 * RecordingSid, RecordingUrl, RecordingStatus, RecordingDuration, RecordingChannels,
 * RecordingStartTime, RecordingSource, RecordingTrack, ErrorCode).
 */
function recordingCallback(
  call: { sid: string; at: (s: number) => Date },
  sid: string,
  status = 'completed',
) {
  return {
    AccountSid: TWILIO_ACCOUNT_SID,
    CallSid: call.sid,
    RecordingSid: sid,
    RecordingUrl: `${media.base}/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Recordings/${sid}`,
    RecordingStatus: status,
    RecordingDuration: '3',
    RecordingChannels: '1',
    RecordingStartTime: rfc2822(call.at(110)),
    RecordingSource: 'RecordVerb',
    RecordingTrack: 'both',
    ErrorCode: '0',
  };
}

describe('Twilio recordings: pull with the API key, then delete at Twilio (N2, N13)', () => {
  it("N2, N13: fetches the recording with Basic auth, records it with Twilio's bounds, then deletes it at Twilio; contact show says so", async () => {
    const call = await endedCall();
    const sid = recordingSid();
    recordings.set(sid, wav);

    const res = await postTwilio(system.url, 'twilio/voice/recordings', recordingCallback(call, sid));

    expect(res).toEqual({ status: 202, body: { contactId: call.contactId, outcome: 'queued' } });
    const item = await waitForMeta(
      call.contactId,
      (i) => (i.sourceDelete as { state?: string })?.state === 'deleted',
    );
    // N2: the bounds are what Twilio says the recording covers (RecordingStartTime + RecordingDuration).
    expect(item.recording).toMatchObject({
      size: wav.length,
      format: 'wav',
      startsAt: call.at(110).toISOString(),
      endsAt: call.at(107).toISOString(),
    });
    expect(recordings.has(sid)).toBe(false);
    const calls = media.log.filter((l) => l.recordingSid === sid);
    expect(calls.every((l) => l.authorized)).toBe(true);
    expect(calls.map((l) => l.method)).toContain('DELETE');
    // The delete came only after our copy was recorded: every GET precedes the DELETE.
    expect(calls.findIndex((l) => l.method === 'DELETE')).toBeGreaterThan(
      calls.findIndex((l) => l.method === 'GET'),
    );
    const view = await ops(`/ops/contacts/${call.contactId}?reason=quality%20review`);
    expect(view).toMatchObject({
      sourceDelete: { state: 'deleted', attempts: 1 },
      recording: { size: wav.length },
    });
  });

  it('a failing delete is retried and shown as pending meanwhile; it never blocks our own copy', async () => {
    const call = await endedCall();
    const sid = recordingSid();
    recordings.set(sid, wav);
    failDeletes.set(sid, 2);

    await postTwilio(system.url, 'twilio/voice/recordings', recordingCallback(call, sid));

    const pending = await waitForMeta(
      call.contactId,
      (i) => (i.sourceDelete as { state?: string })?.state === 'pending',
    );
    expect(pending.recording).toMatchObject({ size: wav.length });
    expect(pending.sourceDelete).toMatchObject({
      state: 'pending',
      reason: 'Twilio answered 500 to the delete',
    });
    const done = await waitForMeta(
      call.contactId,
      (i) => (i.sourceDelete as { state?: string })?.state === 'deleted',
      20_000,
    );
    expect(done.sourceDelete).toMatchObject({ state: 'deleted', attempts: 3 });
    expect(recordings.has(sid)).toBe(false);
  }, 30_000);

  it('keeps the recording at Twilio when the platform says deleteRecordingsAtSource: false', async () => {
    const call = await endedCall('twilio-keep');
    const sid = recordingSid();
    recordings.set(sid, wav);
    const res = await postTwilio(system.url, 'twilio/voice/recordings', recordingCallback(call, sid), {
      platform: 'twilio-keep',
    });
    expect(res.status).toBe(202);
    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recording));
    await system.emulators.sqs.queue(LOCAL_NAMES.recordingFetchQueue).drained();
    expect(item).not.toHaveProperty('sourceDelete');
    expect(recordings.has(sid)).toBe(true);
    expect(media.log.filter((l) => l.recordingSid === sid).map((l) => l.method)).not.toContain('DELETE');
  });

  it('ignores a recording that is not completed, and refuses a recording URL of another account', async () => {
    const call = await endedCall();
    const sid = recordingSid();
    const absent = await postTwilio(
      system.url,
      'twilio/voice/recordings',
      recordingCallback(call, sid, 'absent'),
    );
    expect(absent).toEqual({ status: 200, body: { contactId: call.contactId, outcome: 'ignored' } });
    const other = await postTwilio(system.url, 'twilio/voice/recordings', {
      ...recordingCallback(call, sid),
      AccountSid: `AC${'ee'.repeat(16)}`,
    });
    expect(other.status).toBe(403);
  });
});
