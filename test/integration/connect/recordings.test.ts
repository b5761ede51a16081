import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { LOCAL_NAMES } from '../../../local/emulators';
import { localContext } from '../../../local/lambda-http';
import { DynamoCallStore } from '../../../shared/calls/dynamo-call-store';
import { DynamoRecordingLinks } from '../../../shared/connect/dynamo-recording-links';
import { createConnectRecordingHandler } from '../../../shared/connect/recording-handler';
import { objectKeyHash } from '../../../shared/connect/recording-location';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { s3Client } from '../../../shared/kernel/s3-client';
import { connectRecordingLinkKey } from '../../../shared/kernel/table-keys';
import { S3RecordingObjects } from '../../../shared/recordings/s3-recording-objects';
import { pdfFile, wavFile } from '../../support/audio';
import { allItems, getItem, startSystem } from '../../support/local-system';
import { waitForMeta } from '../recordings/calls';
import {
  ago,
  connectKey,
  contactIdOf,
  ctrContext,
  ctrHandler,
  ctrWith,
  freshCtr,
  kinesisEvent,
  meta,
} from './connect-support';

// CTRs shaped as in AWS "Contact records data model" (Recording / Recordings[].Location, the
// recording's S3 location as `<bucket>/<key>`):
// https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
// https://docs.aws.amazon.com/connect/latest/APIReference/API_RecordingInfo.html

let system: Awaited<ReturnType<typeof startSystem>>;
let onCtrs: ReturnType<typeof ctrHandler>;
let onObject: ReturnType<typeof createConnectRecordingHandler>;
beforeAll(async () => {
  system = await startSystem();
  onCtrs = ctrHandler();
  onObject = createConnectRecordingHandler({
    calls: new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    links: new DynamoRecordingLinks(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    objects: new S3RecordingObjects(s3Client(), LOCAL_NAMES.bucket),
  });
});
afterAll(async () => system.close());

const wav = wavFile(2);
const sendCtrs = (ctrs: unknown[]) => onCtrs(kinesisEvent(ctrs), ctrContext());
/** Connect writes the object; S3 notifies (the local job does too: both are idempotent). */
async function land(key: string, body: Buffer = wav): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: key, Body: body }));
  const event = { Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key } } }] };
  await onObject(event as unknown as S3Event, localContext('connect-recording'));
}
const exists = (key: string) =>
  s3Client()
    .send(new HeadObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: key }))
    .then(
      () => true,
      () => false,
    );
const recordingOf = (ctr: ReturnType<typeof freshCtr>) =>
  `recordings/${contactIdOf(ctr)}/${String(ctr.ConnectedToSystemTimestamp).slice(0, 10)}-1.wav`;

describe('Connect call recordings under connect/call-recordings/ (real handlers, s3rver)', () => {
  it('N2: a recording that lands before its CTR is matched by Recording.Location and checked like any recording', async () => {
    // Prepare
    const key = connectKey();
    const ctr = ctrWith(key);
    await land(key);
    expect(await exists(key)).toBe(true);

    // Act
    await expect(sendCtrs([ctr])).resolves.toEqual({ batchItemFailures: [] });

    // Assess
    const item = await waitForMeta(contactIdOf(ctr), (i) => Boolean(i.recording));
    expect(item.recording).toMatchObject({
      key: recordingOf(ctr),
      size: wav.length,
      format: 'wav',
      startsAt: new Date(ctr.ConnectedToSystemTimestamp).toISOString(),
      endsAt: new Date(ctr.DisconnectTimestamp).toISOString(),
    });
    expect(await exists(key)).toBe(false);
  });

  it('N2: a recording that lands after its CTR (named in Recordings[]) is matched and checked', async () => {
    // Prepare
    const key = connectKey();
    const ctr = freshCtr({
      Recordings: [
        {
          Location: `${LOCAL_NAMES.bucket}/${key}`,
          MediaStreamType: 'AUDIO',
          ParticipantType: 'AGENT',
          Status: 'AVAILABLE',
          StorageType: 'S3',
        },
      ],
    });
    await sendCtrs([ctr]);
    expect((await meta(contactIdOf(ctr)))?.recording).toBeUndefined();

    // Act
    await land(key);

    // Assess
    const item = await waitForMeta(contactIdOf(ctr), (i) => Boolean(i.recording));
    expect(item.recording).toMatchObject({ key: recordingOf(ctr), size: wav.length });
    expect(await exists(key)).toBe(false);
    expect(await exists(recordingOf(ctr))).toBe(true);
  });

  it("N9: a transfer leg's recording never replaces the call's recorded audio; it is deleted from connect/", async () => {
    // Prepare: the first leg's recording is handed over and recorded.
    const first = connectKey();
    const ctr = ctrWith(first);
    await land(first);
    await sendCtrs([ctr]);
    const recorded = await waitForMeta(contactIdOf(ctr), (i) => Boolean(i.recording));
    const legKey = connectKey();
    const leg = ctrWith(legKey, {
      InitiationMethod: 'TRANSFER',
      InitialContactId: ctr.ContactId,
      PreviousContactId: ctr.ContactId,
      DisconnectTimestamp: ago(1),
      LastUpdateTimestamp: ago(0),
    });
    await land(legKey, wavFile(3));

    // Act
    await expect(sendCtrs([leg])).resolves.toEqual({ batchItemFailures: [] });

    // Assess: the recorded key still holds the recorded bytes.
    const out = await s3Client().send(
      new GetObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: recordingOf(ctr) }),
    );
    const bytes = Buffer.from(
      await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      (recorded.recording as { sha256: string }).sha256,
    );
    expect(await exists(legKey)).toBe(false);
    expect((await meta(contactIdOf(ctr)))?.recording).toEqual(recorded.recording);
  });

  it('N17: the match is kept under a hash of the object key, never its name', async () => {
    const key = connectKey();
    const ctr = ctrWith(key);
    await sendCtrs([ctr]);
    const links = (await allItems()).filter((item) => String(item.pk).startsWith('CONNECTREC#'));
    expect(links.length).toBeGreaterThan(0);
    expect(JSON.stringify(links)).not.toContain('recording.wav');
    expect(links).toContainEqual(
      expect.objectContaining({ sk: 'LINK', contactId: contactIdOf(ctr), expiresAt: expect.any(Number) }),
    );
  });

  it('a redelivered CTR after the hand-over changes nothing', async () => {
    const key = connectKey();
    const ctr = ctrWith(key);
    await land(key);
    await sendCtrs([ctr]);
    const first = await waitForMeta(contactIdOf(ctr), (i) => Boolean(i.recording));

    await expect(sendCtrs([ctr])).resolves.toEqual({ batchItemFailures: [] });

    expect((await meta(contactIdOf(ctr)))?.recording).toEqual(first.recording);
  });

  it('deletes and flags a Connect object that fails the audio check, like any recording', async () => {
    const key = connectKey();
    const ctr = ctrWith(key);
    await land(key, pdfFile());

    await sendCtrs([ctr]);

    const item = await waitForMeta(contactIdOf(ctr), (i) => Boolean(i.recordingProblem));
    expect(item.recordingProblem).toMatchObject({ reason: 'not audio: a PDF document, not audio' });
    expect(item.recording).toBeUndefined();
    expect(await exists(key)).toBe(false);
    expect(await exists(recordingOf(ctr))).toBe(false);
  });

  it('N2: a recording of a call whose CTR says it was never answered is not kept', async () => {
    const key = connectKey();
    // Ended an hour ago: past the grace period the landed check gives a late answer time.
    const ctr = ctrWith(key, {
      Agent: null,
      ConnectedToSystemTimestamp: null,
      InitiationTimestamp: ago(62),
      DisconnectTimestamp: ago(60),
      LastUpdateTimestamp: ago(59),
    });
    await land(key);

    await sendCtrs([ctr]);

    const item = await waitForMeta(contactIdOf(ctr), (i) => Boolean(i.recordingProblem));
    expect(item.recordingProblem).toMatchObject({
      reason: 'the call was never answered, so it has no recording (N2)',
    });
    expect(item.recording).toBeUndefined();
  });

  it('a recording no CTR names is left to the orphan rule: no link, nothing recorded', async () => {
    const key = connectKey();
    await land(key);
    expect(await exists(key)).toBe(true);
    const link = connectRecordingLinkKey(objectKeyHash(key));
    expect(await getItem(link.pk, link.sk)).toBeUndefined();
  });

  it('N13: a recording named by a CTR whose call is already past its expiry is deleted, not kept', async () => {
    const key = connectKey();
    const longAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const ctr = ctrWith(key, {
      InitiationTimestamp: longAgo(400),
      ConnectedToSystemTimestamp: longAgo(400),
      Agent: null,
      DisconnectTimestamp: longAgo(400),
      LastUpdateTimestamp: longAgo(399),
    });
    await land(key);

    await expect(sendCtrs([ctr])).resolves.toEqual({ batchItemFailures: [] });

    expect(await meta(contactIdOf(ctr))).toBeUndefined();
    expect(await exists(key)).toBe(false);
  });
});

describe('local mode: Connect stand-ins (npm start, npm run demo -- --platform amazon-connect)', () => {
  it('N2: a recording written through /local/connect/call-recordings and its CTR through /local/connect/ctrs end up on the call', async () => {
    // Prepare: Connect writes the recording first (s3rver's event runs the real connect-recording handler).
    const written = await fetch(`${system.url}/local/connect/call-recordings/local-demo_${Date.now()}.wav`, {
      method: 'POST',
      headers: { 'content-type': 'audio/wav' },
      body: wav,
    });
    const { location, key } = (await written.json()) as { location: string; key: string };
    const ctr = freshCtr({ Recording: { Location: location, Status: 'AVAILABLE', Type: 'AUDIO' } });

    // Act: the CTR arrives through the Kinesis stand-in.
    const sent = await fetch(`${system.url}/local/connect/ctrs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([ctr, ctr]),
    });

    // Assess
    expect(written.status).toBe(201);
    expect(key.startsWith('connect/call-recordings/')).toBe(true);
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ batchItemFailures: [] });
    const item = await waitForMeta(contactIdOf(ctr), (i) => Boolean(i.recording));
    expect(item.recording).toMatchObject({ key: recordingOf(ctr), size: wav.length, format: 'wav' });
    expect(await exists(key)).toBe(false);
  });
});
