import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { LOCAL_NAMES } from '../../../local/emulators';
import { placeHold } from '../../../shared/holds/hold';
import { s3Client } from '../../../shared/kernel/s3-client';
import { sweepExpired } from '../../../shared/retention/sweep';
import { wavFile } from '../../support/audio';
import { queryContact, startSystem } from '../../support/local-system';
import { opsRequest } from '../../support/ops-request';
import { readZipEntries } from '../../support/unzip';
import { waitForMeta } from '../recordings/calls';
import { holdDeps, retentionAdapters } from '../retention/fixtures';
import { waitForExport } from '../subjects/exports';
import { connectKey, contactIdOf, ctrContext, ctrHandler, ctrWith, kinesisEvent } from './connect-support';

// A Connect voice contact (CTR + recording) lives and dies like any other contact: the hold and
// the retention sweep below are the system's own, with nothing Connect-specific.
// CTRs: AWS "Contact records data model", https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html

let system: Awaited<ReturnType<typeof startSystem>>;
let onCtrs: ReturnType<typeof ctrHandler>;
beforeAll(async () => {
  system = await startSystem();
  onCtrs = ctrHandler();
});
afterAll(async () => system.close());

const wav = wavFile(2);
const ops = (user: string, method: string, path: string, body?: unknown) =>
  opsRequest(system.url, method, path, body, { 'x-ops-user': user });
/** Connect writes the object; the local ObjectCreated job runs the real connect-recording handler. */
const land = (key: string) =>
  s3Client().send(new PutObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: key, Body: wav }));
const keysUnder = async (prefix: string) =>
  (
    (await s3Client().send(new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket, Prefix: prefix })))
      .Contents ?? []
  ).map((o) => o.Key);

describe('a Connect voice contact lives and dies like any other', () => {
  it('N9: a recording that lands for a call under dispute hold is kept under holds/, with no expiry', async () => {
    // Prepare: the CTR first, then a hold on its call
    const key = connectKey();
    const ctr = ctrWith(key);
    await onCtrs(kinesisEvent([ctr]), ctrContext());
    const contactId = contactIdOf(ctr);
    await placeHold(contactId, { reason: 'dispute DS-3001', by: 'alice' }, holdDeps());

    // Act: Connect's recording lands
    await land(key);

    // Assess
    const item = await waitForMeta(contactId, (i) => Boolean(i.recording));
    expect(item.recording).toMatchObject({ key: expect.stringMatching(new RegExp(`^holds/${contactId}/`)) });
    expect(item.expiresAt).toBeUndefined();
    expect(await keysUnder(`holds/${contactId}/`)).toHaveLength(1);
    expect(await keysUnder(`recordings/${contactId}/`)).toEqual([]);
    expect(await keysUnder(key)).toEqual([]);
  });

  it('N16: a subject export holds the Connect call and its recording; an approved erasure deletes both', async () => {
    // Prepare: a caller of their own, the CTR first, then the recording
    const number = '+358405559901';
    const key = connectKey();
    const ctr = { ...ctrWith(key), CustomerEndpoint: { Address: number, Type: 'TELEPHONE_NUMBER' } };
    await onCtrs(kinesisEvent([ctr]), ctrContext());
    await land(key);
    const contactId = contactIdOf(ctr);
    const item = await waitForMeta(contactId, (i) => Boolean(i.recording));
    const recordingName = String((item.recording as { key: string }).key)
      .split('/')
      .pop();

    // Act: export, then erase (requested by one officer, approved by another)
    const started = await ops('dana', 'POST', '/ops/subjects/export', {
      number,
      reason: 'access request AR-77',
    });
    const exported = await waitForExport((path) => ops('dana', 'GET', path), started.body.exportId);
    const zip = await readZipEntries(
      Buffer.from(await (await fetch(String(exported.body.url))).arrayBuffer()),
    );
    const erase = await ops('erin', 'POST', '/ops/subjects/erase', {
      number,
      reason: 'erasure request ER-77',
    });
    const approved = await ops('frank', 'POST', `/ops/erasures/${erase.body.erasureId}/approve`, {});

    // Assess
    expect(started.body.contacts).toEqual([contactId]);
    expect(exported.body).toMatchObject({ status: 'done', recordings: { done: 1, total: 1 } });
    expect(zip.get(`contacts/${contactId}/files/${recordingName}`)).toEqual(wav);
    expect(approved.body).toMatchObject({ erased: [contactId] });
    expect(await queryContact(contactId)).toEqual([]);
    expect(await keysUnder(`recordings/${contactId}/`)).toEqual([]);
  });

  it('N13: the retention sweep deletes the call and its recording at expiry', async () => {
    // Prepare: recording first, then the CTR; the hand-over and the landed check run
    const key = connectKey();
    const ctr = ctrWith(key);
    await land(key);
    await onCtrs(kinesisEvent([ctr]), ctrContext());
    const contactId = contactIdOf(ctr);
    const item = await waitForMeta(contactId, (i) => Boolean(i.recording));
    expect(await keysUnder(`recordings/${contactId}/`)).toHaveLength(1);

    // Act: the hourly sweep runs the day after the call's expiry
    const later = new Date((Number(item.expiresAt) + 86_400) * 1000);
    await sweepExpired({ ...retentionAdapters(), now: () => later, initialLookbackDays: 400 });

    // Assess
    expect(await queryContact(contactId)).toEqual([]);
    expect(await keysUnder(`recordings/${contactId}/`)).toEqual([]);
    expect(await keysUnder('connect/call-recordings/')).toEqual([]);
  });
});
