import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { LOCAL_NAMES } from '../../../local/emulators';
import { placeHold, releaseHold } from '../../../shared/holds/hold';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { s3Client } from '../../../shared/kernel/s3-client';
import { DynamoRecordingStore } from '../../../shared/recordings/dynamo-recording-store';
import { recordLandedObject } from '../../../shared/recordings/landed';
import { S3RecordingObjects } from '../../../shared/recordings/s3-recording-objects';
import { wavFile } from '../../support/audio';
import { startSystem } from '../../support/local-system';
import { postSigned } from '../../support/webhooks';
import { holdDeps } from '../retention/fixtures';
import { newCall, sendCall, type TestCall, waitForMeta } from './calls';
import { serve, startProviderServer } from './provider-server';

const wav = wavFile(2);

let system: Awaited<ReturnType<typeof startSystem>>;
let provider: Awaited<ReturnType<typeof startProviderServer>>;
beforeAll(async () => {
  provider = await startProviderServer({ '/call.wav': serve(wav) });
  process.env.RECORDING_SOURCE_HOSTS = 'recordings.acme-cc.example';
  process.env.RECORDING_TRUSTED_LOCAL_ENDPOINTS = provider.endpoint;
  process.env.RECORDING_MAX_BYTES = String(1_000_000);
  system = await startSystem();
});
afterAll(async () => {
  await system.close();
  await provider.close();
});

const keysUnder = async (prefix: string) =>
  (
    (await s3Client().send(new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket, Prefix: prefix })))
      .Contents ?? []
  ).map((o) => o.Key);
const objectsOf = async (contactId: string) => ({
  recordings: await keysUnder(`recordings/${contactId}/`),
  holds: await keysUnder(`holds/${contactId}/`),
});
const hold = (call: TestCall) =>
  placeHold(call.contactId, { reason: 'dispute DS-2001', by: 'alice' }, holdDeps());
const audioName = (call: TestCall) => `${call.answeredAt?.slice(0, 10)}-1.wav`;

describe('recordings of contacts under dispute hold', () => {
  it('N9: a pushed recording for a held call is moved to holds/ on arrival, recorded there, with no expiry', async () => {
    // Prepare: an ended call, then a hold
    const call = newCall();
    await sendCall(system.url, call);
    await hold(call);

    // Act: the platform pushes the audio through a presigned PUT (to recordings/)
    const res = await postSigned(`${system.url}/webhooks/acme-cc/calls/recording-upload-url`, {
      type: 'recording.upload-requested',
      data: { ...call.ref, contentType: 'audio/wav', size: wav.length },
    });
    const uploaded = await fetch(String(res.body.url), {
      method: 'PUT',
      headers: res.body.headers as Record<string, string>,
      body: wav,
    });

    // Assess
    expect(uploaded.status).toBe(200);
    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recording));
    const held = `holds/${call.contactId}/${audioName(call)}`;
    expect(item.recording).toMatchObject({ key: held, size: wav.length, format: 'wav' });
    expect(item.hold).toMatchObject({ reason: 'dispute DS-2001' });
    expect(item.expiresAt).toBeUndefined();
    expect(item.gsi2pk).toBeUndefined();
    expect(await objectsOf(call.contactId)).toEqual({ recordings: [], holds: [held] });
  });

  it('N9: a pulled recording for a held call ends up under holds/ and release moves it back with the expiry', async () => {
    // Prepare
    const call = newCall();
    await sendCall(system.url, call);
    await hold(call);

    // Act
    const res = await postSigned(`${system.url}/webhooks/acme-cc/calls`, {
      type: 'recording.available',
      data: { ...call.ref, url: provider.url('/call.wav') },
    });
    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recording));
    const whileHeld = await objectsOf(call.contactId);
    const released = await releaseHold(call.contactId, holdDeps());
    const after = await waitForMeta(call.contactId, (i) => !i.hold);

    // Assess
    expect(res.status).toBe(202);
    expect(item.recording).toMatchObject({ key: `holds/${call.contactId}/${audioName(call)}` });
    expect(item.expiresAt).toBeUndefined();
    expect(item.gsi2pk).toBeUndefined();
    expect(whileHeld).toEqual({ recordings: [], holds: [`holds/${call.contactId}/${audioName(call)}`] });
    expect(after.recording).toMatchObject({ key: `recordings/${call.contactId}/${audioName(call)}` });
    expect(after.expiresAt).toBe(Math.floor(Date.parse(released.expiresAt) / 1000));
    expect((await objectsOf(call.contactId)).holds).toEqual([]);
  });

  it('N9: a recording a hold moved before it was checked is recorded under its held key', async () => {
    // Prepare: the object lands, then a hold moves it before the landed check runs
    system.emulators.s3.removeAllListeners('event');
    const call = newCall();
    await sendCall(system.url, call);
    const key = `recordings/${call.contactId}/${audioName(call)}`;
    await s3Client().send(new PutObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: key, Body: wav }));
    await hold(call);

    // Act: the (late) ObjectCreated event for the original key
    const result = await recordLandedObject(key, {
      recordings: new DynamoRecordingStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
      objects: new S3RecordingObjects(s3Client(), LOCAL_NAMES.bucket),
      maxBytes: 1_000_000,
    });

    // Assess
    const held = `holds/${call.contactId}/${audioName(call)}`;
    expect(result).toMatchObject({ outcome: 'recorded', recording: { key: held, size: wav.length } });
    const item = await waitForMeta(call.contactId, (i) => Boolean(i.recording));
    expect(item.recording).toMatchObject({ key: held });
    expect(item.expiresAt).toBeUndefined();
    expect(await objectsOf(call.contactId)).toEqual({ recordings: [], holds: [held] });
  });
});
