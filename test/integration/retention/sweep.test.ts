import { LOCAL_NAMES } from '../../../local/emulators';
import { DynamoCallStore } from '../../../shared/calls/dynamo-call-store';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { helsinkiDay, startOfHelsinkiDay } from '../../../shared/kernel/time';
import { oldestDueAgeHours, sweepExpired } from '../../../shared/retention/sweep';
import { allItems, queryContact, type startSystem } from '../../support/local-system';
import { DAY, nowEpoch, retentionAdapters, seedContact, startSystemWithoutAudioPipeline } from './fixtures';

describe('retention sweep', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  beforeAll(async () => {
    system = await startSystemWithoutAudioPipeline();
  });
  afterAll(async () => {
    await system.close();
  });

  it('N13: deletes every item and object of a due contact and nothing else, and writes a receipt', async () => {
    // Prepare
    const adapters = retentionAdapters();
    const due = await seedContact({
      name: 'due-1',
      expiresAt: nowEpoch() - 3 * DAY,
      number: '+358401234567',
      items: ['MSG#2025-01-01T00:00:00.000Z#0001', 'SURVEY'],
      objects: ['call.wav', 'transcript.json'],
    });
    const dueToday = await seedContact({ name: 'due-2', expiresAt: nowEpoch() - 60 });
    const live = await seedContact({
      name: 'live-1',
      expiresAt: nowEpoch() + 30 * DAY,
      number: '+358401234567',
      items: ['SURVEY'],
      objects: ['call.wav'],
    });

    // Act
    const result = await sweepExpired({ ...adapters, initialLookbackDays: 10 });

    // Assess
    expect(await queryContact(due)).toEqual([]);
    expect(await queryContact(dueToday)).toEqual([]);
    expect(await adapters.objects.contactObjects(due)).toEqual([]);
    expect((await queryContact(live)).map((i) => i.sk).sort()).toEqual(['META', 'SURVEY']);
    expect((await adapters.objects.contactObjects(live)).map((o) => o.key)).toEqual([
      `recordings/${live}/call.wav`,
    ]);
    expect(result).toMatchObject({ contactsDeleted: 2, itemsDeleted: 4, objectsDeleted: 2, more: false });
    const receipts = (await allItems()).filter((i) => String(i.pk).startsWith('RECEIPT#'));
    expect(receipts).toHaveLength(result.receipts);
    expect(receipts.flatMap((r) => r.contactIds).sort()).toEqual([due, dueToday].sort());
    expect(JSON.stringify(receipts)).not.toMatch(/\+?358\d{6,}/);
  });

  it('N13: is idempotent and resumable: an interrupted run is finished by the next one', async () => {
    // Prepare
    const adapters = retentionAdapters();
    const ids = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        seedContact({ name: `batch-${i}`, expiresAt: nowEpoch() - DAY, items: ['SURVEY'] }),
      ),
    );

    // Act
    const first = await sweepExpired({ ...adapters, maxContacts: 2, pageSize: 2 });
    const second = await sweepExpired({ ...adapters });
    const third = await sweepExpired({ ...adapters });

    // Assess
    expect(first).toMatchObject({ contactsDeleted: 2, more: true });
    expect(second).toMatchObject({ contactsDeleted: 3, more: false });
    expect(third).toMatchObject({ contactsDeleted: 0, receipts: 0 });
    for (const id of ids) expect(await queryContact(id)).toEqual([]);
  });

  it('starts later runs from the checkpoint instead of re-reading every past day', async () => {
    // Prepare
    const adapters = retentionAdapters();
    await sweepExpired({ ...adapters, initialLookbackDays: 30 });

    // Act
    const next = await sweepExpired({ ...adapters, initialLookbackDays: 30 });

    // Assess
    expect(await adapters.store.clearedThrough()).toBeDefined();
    expect(next.daysQueried).toBeLessThanOrEqual(3);
  });

  it('N13: one contact that cannot be deleted does not stop the others, and the next run finishes it', async () => {
    // Prepare
    const adapters = retentionAdapters();
    const stuck = await seedContact({ name: 'stuck-1', expiresAt: nowEpoch() - DAY, objects: ['s.wav'] });
    const fine = await seedContact({ name: 'fine-1', expiresAt: nowEpoch() - DAY, objects: ['f.wav'] });
    const flaky = {
      deleteContactObjects: async (contactId: string) => {
        if (contactId === stuck) throw new Error('bucket unavailable');
        return adapters.objects.deleteContactObjects(contactId);
      },
      purgeExports: (olderThan: Date) => adapters.objects.purgeExports(olderThan),
    };

    // Act
    const first = await sweepExpired({ store: adapters.store, objects: flaky });
    const stuckAfterFirst = await queryContact(stuck);
    const second = await sweepExpired(adapters);

    // Assess
    expect(first).toMatchObject({ failures: 1, contactsDeleted: 1 });
    expect(await queryContact(fine)).toEqual([]);
    expect(stuckAfterFirst.map((i) => i.sk)).toEqual(['META']);
    expect(second).toMatchObject({ failures: 0, contactsDeleted: 1 });
    expect(await queryContact(stuck)).toEqual([]);
  });

  it('N13: finds a contact written behind its checkpoint, whatever order items were written in', async () => {
    // Prepare: a run has cleared the index through yesterday.
    const adapters = retentionAdapters();
    await sweepExpired({ ...adapters, initialLookbackDays: 10 });
    const checkpoint = await adapters.store.clearedThrough();
    expect(checkpoint).toBe(helsinkiDay(new Date(Date.now() - DAY * 1000)));
    // A contact whose expiry day (three days ago) lies behind that checkpoint is written only now,
    // through the adapter every call write uses.
    const contactId = contactIdFor('call', 'test', `behind-checkpoint-${Date.now()}`);
    const expiresAt = nowEpoch() - 3 * DAY;
    const expiresOn = helsinkiDay(new Date(expiresAt * 1000));
    const calls = new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable);
    const startedAt = new Date((expiresAt - 365 * DAY) * 1000).toISOString();
    const written = await calls.saveCall(
      { kind: 'call', contactId, provider: 'test', providerCallId: 'x', startedAt, expiresAt, expiresOn },
      { expectedVersion: undefined },
    );
    expect(written).toBe(true);
    expect(expiresOn < (checkpoint ?? '')).toBe(true);

    // Act
    const next = await sweepExpired(adapters);

    // Assess: listed under the day it was written, which no run had passed, so the next run finds it.
    expect(next.contactsDeleted).toBeGreaterThanOrEqual(1);
    expect(await queryContact(contactId)).toEqual([]);
  });

  it('N13: reports the age of the oldest contact left due (sweep lag), and 0 once all are deleted', async () => {
    // Prepare
    const adapters = retentionAdapters();
    const stuck = await seedContact({ name: 'lag-1', expiresAt: nowEpoch() - 2 * DAY, objects: ['s.wav'] });
    const failing = {
      deleteContactObjects: async (contactId: string) => {
        if (contactId === stuck) throw new Error('bucket unavailable');
        return adapters.objects.deleteContactObjects(contactId);
      },
      purgeExports: (olderThan: Date) => adapters.objects.purgeExports(olderThan),
    };
    const now = new Date();

    // Act
    const lagging = await sweepExpired({ store: adapters.store, objects: failing, now: () => now });
    const caughtUp = await sweepExpired({ ...adapters, now: () => now });

    // Assess
    const stuckDay = helsinkiDay(new Date((nowEpoch() - 2 * DAY) * 1000));
    expect(lagging.oldestDueDay).toBe(stuckDay);
    const hours = oldestDueAgeHours(lagging, now);
    expect(hours).toBeGreaterThanOrEqual(48);
    expect(hours).toBeLessThanOrEqual(
      (now.getTime() - startOfHelsinkiDay(stuckDay).getTime()) / 3_600_000 + 0.1,
    );
    expect(caughtUp.oldestDueDay).toBeUndefined();
    expect(oldestDueAgeHours(caughtUp, now)).toBe(0);
  });
});
