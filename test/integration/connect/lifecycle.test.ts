import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { LOCAL_NAMES } from '../../../local/emulators';
import { placeHold } from '../../../shared/holds/hold';
import { s3Client } from '../../../shared/kernel/s3-client';
import { sweepExpired } from '../../../shared/retention/sweep';
import { wavFile } from '../../support/audio';
import { queryContact, startSystem } from '../../support/local-system';
import { waitForMeta } from '../recordings/calls';
import { holdDeps, retentionAdapters } from '../retention/fixtures';
import { contactIdOf, ctrContext, ctrHandler, freshCtr, kinesisEvent } from './connect-support';

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
let n = 0;
const connectKey = () => `connect/call-recordings/2026/11/29/${Date.now()}-${++n}_lifecycle.wav`;
const ctrWith = (key: string) =>
  freshCtr({ Recording: { Location: `${LOCAL_NAMES.bucket}/${key}`, Status: 'AVAILABLE', Type: 'AUDIO' } });
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
