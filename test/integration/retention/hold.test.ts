import { listHolds, placeHold, releaseHold } from '../../../shared/holds/hold';
import { expiryFrom } from '../../../shared/kernel/expiry';
import { contactPk, META, SURVEY_SK } from '../../../shared/kernel/table-keys';
import { sweepExpired } from '../../../shared/retention/sweep';
import { getItem, queryContact, type startSystem } from '../../support/local-system';
import { postSigned } from '../../support/webhooks';
import { newCall } from '../recordings/calls';
import {
  DAY,
  holdDeps,
  nowEpoch,
  retentionAdapters,
  seedContact,
  startSystemWithoutAudioPipeline,
} from './fixtures';

describe('dispute holds', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  beforeAll(async () => {
    system = await startSystemWithoutAudioPipeline();
  });
  afterAll(async () => {
    await system.close();
  });

  it('N9: a held contact survives the sweep past its expiry, and release lets the next sweep delete it', async () => {
    // Prepare: live now, held, then time passes beyond its expiry.
    const expiresAt = nowEpoch() + 5 * DAY;
    const id = await seedContact({
      name: 'held-1',
      expiresAt,
      items: ['SURVEY'],
      objects: ['2025-01-01-1.wav'],
    });
    const later = () => new Date((expiresAt + 10 * DAY) * 1000);

    // Act
    const hold = await placeHold(id, { reason: 'dispute DS-1042', by: 'alice' }, holdDeps());
    const sweptWhileHeld = await sweepExpired({
      ...retentionAdapters(),
      now: later,
      initialLookbackDays: 30,
    });

    // Assess: every clock stopped, audio out of the lifecycle rule's reach, nothing deleted.
    expect(hold).toMatchObject({ reason: 'dispute DS-1042', by: 'alice', expiresAt });
    expect(sweptWhileHeld.contactsDeleted).toBe(0);
    const items = await queryContact(id);
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item.expiresAt).toBeUndefined();
      expect(item.gsi2pk).toBeUndefined();
    }
    const meta = items.find((i) => i.sk === META);
    expect(meta?.hold).toMatchObject({ reason: 'dispute DS-1042', by: 'alice' });
    expect(meta?.recordingKey).toBe(`holds/${id}/2025-01-01-1.wav`);
    expect((await retentionAdapters().objects.contactObjects(id)).map((o) => o.key)).toEqual([
      `holds/${id}/2025-01-01-1.wav`,
    ]);
    expect(await listHolds(holdDeps())).toEqual([expect.objectContaining({ contactId: id, by: 'alice' })]);

    // Act: release after the contact's normal expiry, then the next sweep.
    const released = await releaseHold(id, holdDeps(later));
    const restored = await getItem(contactPk(id), META);
    const survey = await getItem(contactPk(id), SURVEY_SK);
    const objectsAfterRelease = await retentionAdapters().objects.contactObjects(id);
    const swept = await sweepExpired({ ...retentionAdapters(), now: later });

    // Assess
    expect(released.dueNow).toBe(true);
    expect(restored?.hold).toBeUndefined();
    expect(restored?.expiresAt).toBe(expiresAt);
    expect(restored?.recordingKey).toBe(`recordings/${id}/2025-01-01-1.wav`);
    expect(survey?.expiresAt).toBe(expiresAt);
    expect(objectsAfterRelease.map((o) => o.key)).toEqual([`recordings/${id}/2025-01-01-1.wav`]);
    expect(await listHolds(holdDeps())).toEqual([]);
    expect(swept.contactsDeleted).toBe(1);
    expect(await queryContact(id)).toEqual([]);
    expect(await retentionAdapters().objects.contactObjects(id)).toEqual([]);
  });

  it('N9: call events for a held call neither add an expiry nor restore the expiry index; release does', async () => {
    // Prepare: a call known from its start only, then a hold
    const call = newCall();
    const send = async (event: { type: string }) => {
      const res = await postSigned(`${system.url}/webhooks/acme-cc/calls`, event);
      if (res.status !== 200) throw new Error(`${event.type} answered ${res.status}`);
    };
    await send(call.started);
    await placeHold(call.contactId, { reason: 'dispute DS-4001', by: 'alice' }, holdDeps());

    // Act: the rest of the call arrives while it is held, then the hold is released
    await send(call.answered);
    await send(call.ended);
    const held = await getItem(contactPk(call.contactId), META);
    await releaseHold(call.contactId, holdDeps());
    const released = await getItem(contactPk(call.contactId), META);

    // Assess
    expect(held).toMatchObject({
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      hold: expect.any(Object),
    });
    for (const name of ['expiresAt', 'expiresOn', 'gsi2pk', 'gsi2sk']) expect(held?.[name]).toBeUndefined();
    const expiry = expiryFrom(call.endedAt, 12);
    expect(released).toMatchObject({
      expiresAt: expiry.expiresAt,
      expiresOn: expiry.expiresOn,
      gsi2pk: `EXP#${expiry.expiresOn}`,
      gsi2sk: expiry.expiresAt,
    });
  });

  it('N9: placing a hold twice keeps the first and changes nothing', async () => {
    // Prepare
    const id = await seedContact({ name: 'held-2', expiresAt: nowEpoch() + DAY });
    const first = await placeHold(id, { reason: 'dispute DS-7', by: 'alice' }, holdDeps());

    // Act
    const second = await placeHold(id, { reason: 'another case', by: 'bob' }, holdDeps());

    // Assess
    expect(second).toEqual(first);
  });

  it('rejects a hold on an expired contact: it is gone (N13)', async () => {
    const id = await seedContact({ name: 'expired-1', expiresAt: nowEpoch() - 10 });
    await expect(placeHold(id, { reason: 'dispute DS-8', by: 'alice' }, holdDeps())).rejects.toThrow(
      /was not found/,
    );
  });

  it('rejects a hold reason that contains a phone number', async () => {
    const id = await seedContact({ name: 'live-3', expiresAt: nowEpoch() + DAY });
    await expect(placeHold(id, { reason: 'caller +358401234567', by: 'alice' }, holdDeps())).rejects.toThrow(
      /looks like it contains a phone number/,
    );
  });
});
