import { createHash } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { LOCAL_NAMES } from '../../../local/emulators';
import { s3Client } from '../../../shared/kernel/s3-client';
import { pdfFile, wavFile } from '../../support/audio';
import { expireContact, startSystem } from '../../support/local-system';
import { postSigned } from '../../support/webhooks';
import { meta, newCall, sendCall, type TestCall, waitForMeta } from './calls';
import { redirect, serve, startProviderServer } from './provider-server';

const wav = wavFile(4);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let system: Awaited<ReturnType<typeof startSystem>>;
let provider: Awaited<ReturnType<typeof startProviderServer>>;
let webhook: string;

beforeAll(async () => {
  provider = await startProviderServer({
    '/call.wav': serve(wav),
    '/notes.pdf': serve(pdfFile(), 'audio/wav'), // declared audio; the bytes say otherwise
    '/big.wav': serve(wavFile(20)),
    '/to-elsewhere': redirect('https://attacker.example/steal'),
  });
  process.env.RECORDING_SOURCE_HOSTS = 'recordings.acme-cc.example';
  process.env.RECORDING_TRUSTED_LOCAL_ENDPOINTS = provider.endpoint;
  process.env.RECORDING_MAX_BYTES = String(200_000);
  system = await startSystem();
  webhook = `${system.url}/webhooks/acme-cc/calls`;
});
afterAll(async () => {
  await system.close();
  await provider.close();
});

/** Until the fetch job has been tried and nothing is due: no fixed sleep before "nothing happened". */
const fetchQueueDrained = () => system.emulators.sqs.queue(LOCAL_NAMES.recordingFetchQueue).drained();
const announce = (call: TestCall, url: string) =>
  postSigned(webhook, { type: 'recording.available', data: { ...call.ref, url } });
const objectsOf = async (contactId: string) =>
  (
    (
      await s3Client().send(
        new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket, Prefix: `recordings/${contactId}/` }),
      )
    ).Contents ?? []
  ).map((o) => o.Key);

describe('recording.available: pulling the provider recording', () => {
  it('N2: stores the recording with key, size, SHA-256, format, duration and bounds answeredAt..endedAt', async () => {
    // Prepare
    const call = newCall();
    await sendCall(system.url, call);

    // Act
    const res = await announce(call, provider.url('/call.wav'));

    // Assess
    expect(res).toEqual({ status: 202, body: { contactId: call.contactId, outcome: 'queued' } });
    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recording));
    const day = call.answeredAt?.slice(0, 10);
    expect(item.recording).toEqual({
      key: `recordings/${call.contactId}/${day}-1.wav`,
      size: wav.length,
      sha256: sha256(wav),
      format: 'wav',
      contentType: 'audio/wav',
      durationSeconds: 4,
      startsAt: call.answeredAt,
      endsAt: call.endedAt,
      storedAt: expect.any(String),
    });
    expect(await objectsOf(call.contactId)).toEqual([`recordings/${call.contactId}/${day}-1.wav`]);
    expect(item.customerNumber).toBe('+358401234567'); // the call's own fields are untouched
  });

  it('waits for call.ended when the recording is announced first, then stores it', async () => {
    // Prepare: the call is answered but has not ended
    const call = newCall();
    await sendCall(system.url, call, { ended: false });

    // Act
    const res = await announce(call, provider.url('/call.wav'));
    await fetchQueueDrained();
    const before = await meta(call.contactId);
    await postSigned(webhook, call.ended);

    // Assess
    expect(res.status).toBe(202);
    expect(before?.recording).toBeUndefined();
    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recording), 15_000);
    expect(item.recording).toMatchObject({
      startsAt: call.answeredAt,
      endsAt: call.endedAt,
      size: wav.length,
    });
  });

  it('keeps one recording when it is announced twice', async () => {
    // Prepare
    const call = newCall();
    await sendCall(system.url, call);
    await announce(call, provider.url('/call.wav'));
    const first = await waitForMeta(call.contactId, (i) => Boolean(i.recording));

    // Act
    const again = await announce(call, provider.url('/call.wav'));

    // Assess
    expect(again).toEqual({ status: 200, body: { contactId: call.contactId, outcome: 'already-stored' } });
    await fetchQueueDrained();
    expect((await meta(call.contactId))?.recording).toEqual(first.recording);
    expect(await objectsOf(call.contactId)).toHaveLength(1);
  });

  it('N13: ignores a recording announced after the contact expired and stores nothing', async () => {
    // Prepare: a call whose 12 months are over (stored while live; not yet deleted)
    const call = newCall();
    await sendCall(system.url, call);
    await expireContact(call.contactId);

    // Act
    const res = await announce(call, provider.url('/call.wav'));

    // Assess
    expect(res).toEqual({ status: 200, body: { contactId: call.contactId, outcome: 'expired' } });
    await fetchQueueDrained();
    expect((await meta(call.contactId))?.recording).toBeUndefined();
    expect(await objectsOf(call.contactId)).toEqual([]);
  });

  it('N2: rejects a recording of a call that was never answered with 422, and stores nothing', async () => {
    // Prepare: started and ended an hour ago, never answered
    const call = newCall({ answered: false, endedMinutesAgo: 60 });
    await sendCall(system.url, call);

    // Act
    const res = await announce(call, provider.url('/call.wav'));

    // Assess
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: {
        code: 'RecordingRefusedError',
        message: `recording refused for contact ${call.contactId}: the call was never answered, so it has no recording (N2)`,
      },
    });
    expect(await objectsOf(call.contactId)).toEqual([]);
  });

  it('rejects bytes that are not audio: nothing stored, the contact flagged', async () => {
    const call = newCall();
    await sendCall(system.url, call);

    await announce(call, provider.url('/notes.pdf'));

    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recordingProblem));
    expect(item.recordingProblem).toEqual({
      reason: 'not a supported audio recording: a PDF document, not audio',
      at: expect.any(String),
    });
    expect(item.recording).toBeUndefined();
    expect(await objectsOf(call.contactId)).toEqual([]);
  });

  it('rejects a recording over the size cap: nothing stored, the contact flagged', async () => {
    const call = newCall();
    await sendCall(system.url, call);

    await announce(call, provider.url('/big.wav'));

    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recordingProblem));
    expect(item.recordingProblem).toMatchObject({
      reason: expect.stringContaining('recording is larger than the 200000-byte limit'),
    });
    expect(await objectsOf(call.contactId)).toEqual([]);
  });

  it('N17: rejects a redirect off the allow-list: nothing stored, the contact flagged', async () => {
    const call = newCall();
    await sendCall(system.url, call);

    await announce(call, provider.url('/to-elsewhere'));

    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recordingProblem));
    expect(item.recordingProblem).toMatchObject({
      reason:
        'redirect target host attacker.example is not on the recording source allow-list (recordings.acme-cc.example); ask ops to add it',
    });
    expect(await objectsOf(call.contactId)).toEqual([]);
  });

  it.each([
    [
      'loopback',
      'https://127.0.0.1/rec.wav',
      'data.url host 127.0.0.1 is not on the recording source allow-list',
    ],
    ['instance metadata', 'http://169.254.169.254/latest/meta-data/', 'data.url must use https, got http'],
    [
      'a host off the allow-list',
      'https://attacker.example/rec.wav',
      'data.url host attacker.example is not on',
    ],
    [
      'credentials in the URL',
      'https://u:p@recordings.acme-cc.example/r.wav',
      'data.url must not carry a user name',
    ],
  ])('N17: rejects a URL pointing at %s with 400 naming data.url', async (_what, url, message) => {
    const call = newCall();
    await sendCall(system.url, call);

    const res = await announce(call, url);

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: {
        code: 'SourceRefusedError',
        message: expect.stringContaining(message),
        issues: [{ path: 'data.url' }],
      },
    });
  });
});
