import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_NAMES } from '../../../local/emulators';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { logger } from '../../../shared/kernel/observability';
import { subjectKey } from '../../../shared/kernel/pseudonym';
import { s3Client } from '../../../shared/kernel/s3-client';
import { LASTSURVEY_SK, META, OPTOUT_SK, subjectPk } from '../../../shared/kernel/table-keys';
import { allItems, queryContact, type startSystem } from '../../support/local-system';
import { opsRequest } from '../../support/ops-request';
import { readZipEntries } from '../../support/unzip';
import { TEST_PEPPER } from '../../support/webhooks';
import { DAY, nowEpoch, seedContact, startSystemWithoutAudioPipeline } from '../retention/fixtures';
import { waitForExport } from '../subjects/exports';

const ALICE = '+358401234567';
const BOB = '+358409876543';
// Every number this file uses, in E.164 or national form (+358 40x… / 040x…); a random UUID
// such as EXPORT#40265588-… must not count as one, so the match is on these numbers' digits.
const PHONE = /(?:\+?358|0)?40(?:1234567|9876543|1111111|2222222|3333333|4444444)/;

describe('ops API (audited)', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  const ops = (method: string, path: string, body?: unknown) =>
    opsRequest(system.url, method, path, body, { 'x-ops-user': 'carol' });
  const opsAs = (user: string, method: string, path: string, body?: unknown) =>
    opsRequest(system.url, method, path, body, { 'x-ops-user': user });
  const auditItems = async () => (await allItems()).filter((i) => String(i.pk).startsWith('AUDIT#'));
  const s3Keys = async () =>
    (await s3Client().send(new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket }))).Contents?.map(
      (o) => o.Key ?? '',
    ) ?? [];

  beforeAll(async () => {
    system = await startSystemWithoutAudioPipeline();
  });
  afterAll(async () => {
    await system.close();
  });

  it('N7: each ops action writes one intent entry before it and one outcome entry after, naming who, what, which contact and why', async () => {
    // Prepare
    const id = await seedContact({
      name: 'audit-1',
      number: ALICE,
      expiresAt: nowEpoch() + 30 * DAY,
      objects: ['2025-01-01-1.wav'],
    });
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: LOCAL_NAMES.contactsTable,
        Item: {
          ...(await queryContact(id)).find((i) => i.sk === META),
          recording: { key: `recordings/${id}/2025-01-01-1.wav` },
        },
      }),
    );
    const actions: [string, string, unknown, string][] = [
      ['GET', `/ops/contacts/${id}?reason=quality%20review`, undefined, 'contact.show'],
      ['POST', `/ops/contacts/${id}/playback`, { reason: 'quality review QA-9' }, 'contact.playback'],
      ['POST', '/ops/subjects/search', { number: ALICE, reason: 'dispute DS-1' }, 'subject.search'],
      ['POST', `/ops/contacts/${id}/hold`, { reason: 'dispute DS-1' }, 'contact.hold'],
      ['GET', '/ops/holds', undefined, 'holds.list'],
      ['POST', `/ops/contacts/${id}/release`, { reason: 'dispute DS-1 settled' }, 'contact.release'],
      ['POST', '/ops/subjects/export', { number: ALICE, reason: 'access request AR-3' }, 'subject.export'],
      ['GET', '/ops/receipts', undefined, 'receipts.list'],
      ['GET', `/ops/audit?contactId=${id}`, undefined, 'audit.list'],
      ['POST', `/ops/contacts/${id}/playback`, {}, 'contact.playback'],
    ];

    for (const [method, path, body, action] of actions) {
      // Act
      const before = (await auditItems()).length;
      const response = await ops(method, path, body);
      const after = await auditItems();

      // Assess: an intent, then its outcome (issue 13; before it, one entry per action)
      expect(after.length - before).toBe(2);
      const [intent, entry] = after.sort((a, b) => String(a.sk).localeCompare(String(b.sk))).slice(-2);
      expect(intent).toMatchObject({
        who: 'carol',
        sourceIdentity: 'local:carol',
        phase: 'intent',
        outcome: 'pending',
      });
      expect(entry).toMatchObject({
        who: 'carol',
        sourceIdentity: 'local:carol',
        action,
        phase: 'outcome',
        intentId: intent?.id,
        outcome: response.status < 400 ? 'ok' : expect.any(String),
      });
    }
    const perContact = await ops('GET', `/ops/audit?contactId=${id}`);
    expect(perContact.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['contact.show', 'contact.playback', 'contact.hold', 'contact.release']),
    );
    const playback = (await auditItems()).find((e) => e.action === 'contact.playback' && e.outcome === 'ok');
    expect(playback).toMatchObject({ contactId: id, reason: 'quality review QA-9' });
    expect(JSON.stringify(await auditItems())).not.toMatch(PHONE);
  });

  it('rejects a playback link without a reason, and gives one valid at most 5 minutes with it (N11)', async () => {
    // Prepare
    const id = await seedContact({
      name: 'play-1',
      number: ALICE,
      expiresAt: nowEpoch() + DAY,
      objects: ['a.wav'],
    });
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: LOCAL_NAMES.contactsTable,
        Item: {
          ...(await queryContact(id)).find((i) => i.sk === META),
          recording: { key: `recordings/${id}/a.wav` },
        },
      }),
    );

    // Act
    const refused = await ops('POST', `/ops/contacts/${id}/playback`, {});
    const link = await ops('POST', `/ops/contacts/${id}/playback`, { reason: 'training TR-2' });

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/reason: is required/);
    expect(link.status).toBe(200);
    expect(new URL(link.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(await (await fetch(link.body.url)).text()).toBe('audio of play-1');
  });

  it('N13: an expired contact not yet swept is never served: not shown, searched, played or exported', async () => {
    // Prepare
    const number = '+358401111111';
    const id = await seedContact({
      name: 'expired-1',
      number,
      expiresAt: nowEpoch() - 5,
      objects: ['x.wav'],
    });

    // Act
    const show = await ops('GET', `/ops/contacts/${id}?reason=check%20CH-1`);
    const play = await ops('POST', `/ops/contacts/${id}/playback`, { reason: 'check CH-1' });
    const search = await ops('POST', '/ops/subjects/search', { number, reason: 'check CH-1' });
    const exported = await ops('POST', '/ops/subjects/export', { number, reason: 'check CH-1' });

    // Assess
    expect(show.status).toBe(404);
    expect(play.status).toBe(404);
    expect(search.body.contacts).toEqual([]);
    expect(exported.body.contacts).toEqual([]);
  });

  it('N16: export contains every item and file of the subject and nothing of anyone else', async () => {
    // Prepare
    const number = '+358402222222';
    const mine1 = await seedContact({
      name: 'export-a1',
      number,
      expiresAt: nowEpoch() + DAY,
      items: ['SURVEY'],
      objects: ['2025-02-01-1.wav'],
    });
    const mine2 = await seedContact({
      name: 'export-a2',
      kind: 'chat',
      number,
      expiresAt: nowEpoch() + 2 * DAY,
      items: ['MSG#000001', 'MSG#000002'],
    });
    const theirs = await seedContact({
      name: 'export-b1',
      number: BOB,
      expiresAt: nowEpoch() + DAY,
      objects: ['b.wav'],
    });
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: LOCAL_NAMES.contactsTable,
        Item: { pk: subjectPk(subjectKey(number, TEST_PEPPER)), sk: OPTOUT_SK, at: '2025-01-01T00:00:00Z' },
      }),
    );

    // Act
    const response = await ops('POST', '/ops/subjects/export', { number, reason: 'access request AR-9' });
    const finished = await waitForExport((path) => ops('GET', path), response.body.exportId);
    const zip = await readZipEntries(
      Buffer.from(await (await fetch(String(finished.body.url))).arrayBuffer()),
    );

    // Assess
    expect(response.status).toBe(202);
    expect(finished.body.status).toBe('done');
    expect(await s3Keys()).toContain(`exports/${response.body.exportId}.zip`);
    expect(response.body.contacts.sort()).toEqual([mine1, mine2].sort());
    const records1 = JSON.parse(zip.get(`contacts/${mine1}/records.json`)?.toString() ?? '[]');
    const records2 = JSON.parse(zip.get(`contacts/${mine2}/records.json`)?.toString() ?? '[]');
    expect(records1.map((r: { sk: string }) => r.sk).sort()).toEqual(['META', 'SURVEY']);
    expect(records2.map((r: { sk: string }) => r.sk).sort()).toEqual(['META', 'MSG#000001', 'MSG#000002']);
    expect(zip.get(`contacts/${mine1}/files/2025-02-01-1.wav`)?.toString()).toBe('audio of export-a1');
    expect(JSON.parse(zip.get('subject/records.json')?.toString() ?? '[]')).toEqual([
      expect.objectContaining({ sk: 'OPTOUT' }),
    ]);
    expect([...zip.keys()].some((name) => name.includes(theirs))).toBe(false);
    expect(JSON.stringify([...zip.values()].map(String))).not.toContain(BOB);
  });

  it('N16: erase leaves only held contacts (listed with why), the opt-out and the receipt', async () => {
    // Prepare
    const number = '+358403333333';
    const key = subjectKey(number, TEST_PEPPER);
    const gone = await seedContact({
      name: 'erase-1',
      number,
      expiresAt: nowEpoch() + DAY,
      items: ['SURVEY'],
      objects: ['e.wav'],
    });
    const expired = await seedContact({ name: 'erase-2', number, expiresAt: nowEpoch() - DAY });
    const held = await seedContact({
      name: 'erase-3',
      number,
      expiresAt: nowEpoch() + DAY,
      objects: ['h.wav'],
    });
    const other = await seedContact({ name: 'erase-4', number: BOB, expiresAt: nowEpoch() + DAY });
    for (const sk of [OPTOUT_SK, LASTSURVEY_SK]) {
      await dynamoDocumentClient().send(
        new PutCommand({
          TableName: LOCAL_NAMES.contactsTable,
          Item: { pk: subjectPk(key), sk, at: '2025-01-01' },
        }),
      );
    }
    await ops('POST', `/ops/contacts/${held}/hold`, { reason: 'dispute DS-77' });

    // Act: carol requests, dana approves (four eyes; before issue 13 the request erased at once)
    const requested = await ops('POST', '/ops/subjects/erase', { number, reason: 'erasure request ER-5' });
    expect(requested.status).toBe(202);
    expect(await queryContact(gone)).not.toEqual([]);
    const response = await opsAs('dana', 'POST', `/ops/erasures/${requested.body.erasureId}/approve`, {});

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.erased.sort()).toEqual([gone, expired].sort());
    expect(response.body.kept).toEqual([
      expect.objectContaining({ contactId: held, reason: 'dispute DS-77' }),
    ]);
    expect(await queryContact(gone)).toEqual([]);
    expect(await queryContact(expired)).toEqual([]);
    expect((await queryContact(held)).length).toBe(1);
    expect((await queryContact(other)).length).toBe(1);
    const subjectLeft = (await allItems()).filter((i) => i.pk === subjectPk(key)).map((i) => i.sk);
    expect(subjectLeft).toEqual(['OPTOUT']);
    const keys = await s3Keys();
    expect(keys.filter((k) => k.includes(gone))).toEqual([]);
    expect(keys).toContain(`holds/${held}/h.wav`);
    const receipt = (await allItems()).find((i) => String(i.pk).startsWith('RECEIPT#') && i.kind === 'erase');
    expect(receipt).toMatchObject({
      contactIds: [gone, expired].sort(),
      reason: 'erasure request ER-5',
      by: 'carol; approved by dana',
    });
    expect(receipt?.kept).toEqual([{ contactId: held, reason: 'dispute DS-77' }]);
  });

  it('N17: no phone number in any key, object path, receipt, audit entry or log line', async () => {
    // Prepare
    const lines: string[] = [];
    // Every log call (message and attributes), whatever the log level in force.
    const spies = (['debug', 'info', 'warn', 'error', 'critical'] as const).map((method) =>
      jest.spyOn(logger, method).mockImplementation((...args: unknown[]) => {
        lines.push(
          JSON.stringify(args, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v)),
        );
      }),
    );
    const number = '+358404444444';
    const id = await seedContact({ name: 'pii-1', number, expiresAt: nowEpoch() + DAY, objects: ['p.wav'] });

    // Act
    try {
      await ops('POST', '/ops/subjects/search', { number, reason: 'check CH-2' });
      await ops('POST', '/ops/subjects/search', { number: 'not a number', reason: 'check CH-2' });
      await ops('GET', `/ops/contacts/${id}?reason=check%20CH-2`);
      await ops('GET', `/ops/contacts/${encodeURIComponent(number)}`);
      await ops('GET', `/ops/contacts/${id}?reason=${encodeURIComponent(`caller ${number}`)}`);
      await ops('GET', `/ops/audit?contactId=${encodeURIComponent(number)}`);
      await ops('POST', `/ops/contacts/${id}/hold`, { reason: 'dispute DS-88' });
      await ops('POST', '/ops/subjects/export', { number, reason: 'access AR-4' });
      await ops('POST', '/ops/subjects/erase', { number, reason: 'erasure ER-6' });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    // Assess
    const items = await allItems();
    const keyText = items.map((i) => [i.pk, i.sk, i.gsi1pk, i.gsi1sk, i.gsi2pk].join(' ')).join('\n');
    expect(keyText).not.toMatch(PHONE);
    expect((await s3Keys()).join('\n')).not.toMatch(PHONE);
    const trail = items.filter((i) => /^(AUDIT|RECEIPT|HOLDS)/.test(String(i.pk)));
    expect(trail.length).toBeGreaterThan(0);
    expect(JSON.stringify(trail)).not.toMatch(PHONE);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toMatch(PHONE);
  });
});
