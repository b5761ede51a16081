import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { downloadBundle, followExport } from '../../../cli/export-progress';
import { LOCAL_NAMES } from '../../../local/emulators';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { subjectKey } from '../../../shared/kernel/pseudonym';
import { s3Client } from '../../../shared/kernel/s3-client';
import { EXPORT_STATE_SK, exportPk, OPTOUT_SK, subjectPk } from '../../../shared/kernel/table-keys';
import { type ExportView, RecordingMissingError } from '../../../shared/subjects/export';
import { S3ExportObjects } from '../../../shared/subjects/s3-export-objects';
import { allItems, getItem, type startSystem } from '../../support/local-system';
import { opsRequest } from '../../support/ops-request';
import { readZipEntries } from '../../support/unzip';
import { TEST_PEPPER } from '../../support/webhooks';
import { DAY, nowEpoch, seedContact, startSystemWithoutAudioPipeline } from '../retention/fixtures';
import { waitForExport } from './exports';

const ALICE = '+358405550001';
const BOB = '+358405550002';
/** The two numbers in any form (contact ids are hex and may hold any digit run). */
const PHONE = /40555000[12]/;

describe('subject export job (N16)', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  const ops = (method: string, path: string, body?: unknown, user = 'dana') =>
    opsRequest(system.url, method, path, body, { 'x-ops-user': user });
  const auditItems = async () => (await allItems()).filter((i) => String(i.pk).startsWith('AUDIT#'));
  const s3Keys = async () =>
    (await s3Client().send(new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket }))).Contents?.map(
      (o) => o.Key ?? '',
    ) ?? [];

  let mine: string[] = [];
  let theirs = '';
  beforeAll(async () => {
    system = await startSystemWithoutAudioPipeline();
    // Alice: two calls with two recordings each, a chat with a transcript and survey state.
    mine = [
      await seedContact({
        name: 'job-a1',
        number: ALICE,
        expiresAt: nowEpoch() + DAY,
        items: ['SURVEY'],
        objects: ['2025-02-01-1.wav', '2025-02-01-2.wav'],
      }),
      await seedContact({
        name: 'job-a2',
        number: ALICE,
        expiresAt: nowEpoch() + 2 * DAY,
        objects: ['2025-02-02-1.mp3', '2025-02-02-2.mp3'],
      }),
      await seedContact({
        name: 'job-a3',
        kind: 'chat',
        number: ALICE,
        expiresAt: nowEpoch() + DAY,
        items: ['MSG#000001', 'MSG#000002', 'SURVEY'],
      }),
    ];
    await seedContact({ name: 'job-a4', number: ALICE, expiresAt: nowEpoch() - 5, objects: ['old.wav'] });
    theirs = await seedContact({
      name: 'job-b1',
      number: BOB,
      expiresAt: nowEpoch() + DAY,
      items: ['SURVEY'],
      objects: ['b.wav'],
    });
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: LOCAL_NAMES.contactsTable,
        Item: { pk: subjectPk(subjectKey(ALICE, TEST_PEPPER)), sk: OPTOUT_SK, at: '2025-01-01T00:00:00Z' },
      }),
    );
  });
  afterAll(async () => {
    await system.close();
  });

  it('completes in the background: progress reaches every contact and recording, and the link downloads a bundle of exactly the subject’s data', async () => {
    // Prepare
    const seen: Record<string, unknown>[] = [];

    // Act
    const started = await ops('POST', '/ops/subjects/export', {
      number: ALICE,
      reason: 'access request AR-21',
    });
    const finished = await waitForExport(
      (path) => ops('GET', path),
      started.body.exportId,
      (b) => seen.push(b),
    );
    const zip = await readZipEntries(
      Buffer.from(await (await fetch(String(finished.body.url))).arrayBuffer()),
    );

    // Assess
    expect(started.status).toBe(202);
    expect(started.body).toEqual({
      exportId: expect.any(String),
      status: 'queued',
      contacts: expect.any(Array),
    });
    expect(started.body.contacts.sort()).toEqual([...mine].sort());
    expect(finished.body).toMatchObject({
      status: 'done',
      contacts: { done: 3, total: 3 },
      recordings: { done: 4, total: 4 },
      files: 4 + 3 + 2,
    });
    const bytes = finished.body.bytes as { done: number; total: number };
    expect(bytes.done).toBe(bytes.total);
    const done = seen.map((s) => (s.recordings as { done: number }).done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(new URL(String(finished.body.url)).searchParams.get('X-Amz-Expires')).toBe('600');
    expect(new URL(String(finished.body.url)).pathname).toBe(
      `/${LOCAL_NAMES.bucket}/exports/${started.body.exportId}.zip`,
    );

    const names = [...zip.keys()].sort();
    expect(names).toEqual(
      [
        'manifest.json',
        'subject/records.json',
        ...mine.map((id) => `contacts/${id}/records.json`),
        `contacts/${mine[0]}/files/2025-02-01-1.wav`,
        `contacts/${mine[0]}/files/2025-02-01-2.wav`,
        `contacts/${mine[1]}/files/2025-02-02-1.mp3`,
        `contacts/${mine[1]}/files/2025-02-02-2.mp3`,
      ].sort(),
    );
    const sks = (id: string) =>
      JSON.parse(zip.get(`contacts/${id}/records.json`)?.toString() ?? '[]')
        .map((r: { sk: string }) => r.sk)
        .sort();
    expect(sks(mine[0] ?? '')).toEqual(['META', 'SURVEY']);
    expect(sks(mine[2] ?? '')).toEqual(['META', 'MSG#000001', 'MSG#000002', 'SURVEY']);
    expect(zip.get(`contacts/${mine[1]}/files/2025-02-02-2.mp3`)?.toString()).toBe('audio of job-a2');
    expect(JSON.parse(zip.get('subject/records.json')?.toString() ?? '[]')).toEqual([
      expect.objectContaining({ sk: 'OPTOUT' }),
    ]);
    expect(names.some((name) => name.includes(theirs))).toBe(false);
    expect(Buffer.concat([...zip.values()]).toString()).not.toContain(BOB);
    expect(Buffer.concat([...zip.values()]).toString()).not.toContain('job-b1');
  });

  it('N7: writes one intent and one outcome entry per request — the start with the contacts and reason, each status read, the link as an access', async () => {
    // Prepare
    const counted = async (method: string, path: string, body?: unknown) => {
      const before = (await auditItems()).length;
      const response = await ops(method, path, body);
      // an intent before and an outcome after (issue 13; before it, one entry per request)
      expect((await auditItems()).length - before).toBe(2);
      return response;
    };

    // Act
    const started = await counted('POST', '/ops/subjects/export', {
      number: ALICE,
      reason: 'access request AR-22',
    });
    const id = started.body.exportId as string;
    let last = await counted('GET', `/ops/exports/${id}?reason=access%20request%20AR-22`);
    while (last.body.status !== 'done' && last.body.status !== 'failed') {
      await new Promise((r) => setTimeout(r, 100));
      last = await counted('GET', `/ops/exports/${id}?reason=access%20request%20AR-22`);
    }

    // Assess
    expect(last.body.status).toBe('done');
    const entries = (await auditItems()).filter((e) => JSON.stringify(e.detail ?? {}).includes(id));
    expect(entries.find((e) => e.action === 'subject.export')).toMatchObject({
      who: 'dana',
      outcome: 'ok',
      reason: 'access request AR-22',
      contactIds: expect.arrayContaining(mine),
    });
    expect(entries.find((e) => e.action === 'subject.export.link')).toMatchObject({
      who: 'dana',
      outcome: 'ok',
      reason: 'access request AR-22',
      contactIds: expect.arrayContaining(mine),
      detail: expect.objectContaining({ exportId: id, status: 'done' }),
    });
    expect(JSON.stringify(entries)).not.toMatch(PHONE);
  });

  it('N17: the job item holds progress and contact ids only, expires within days, and the bundle sits under exports/', async () => {
    // Prepare
    const started = await ops('POST', '/ops/subjects/export', {
      number: ALICE,
      reason: 'access request AR-23',
    });

    // Act
    await waitForExport((path) => ops('GET', path), started.body.exportId);
    const item = await getItem(exportPk(started.body.exportId), EXPORT_STATE_SK);

    // Assess
    expect(item).toMatchObject({ status: 'done', key: `exports/${started.body.exportId}.zip` });
    const text = JSON.stringify(item);
    expect(text).not.toMatch(PHONE);
    expect(text).not.toContain(subjectKey(ALICE, TEST_PEPPER));
    expect(item?.expiresAt).toBeLessThanOrEqual(nowEpoch() + 3 * DAY);
    expect(item?.expiresAt).toBeGreaterThan(nowEpoch());
    const exportsNow = (await s3Keys()).filter((k) => !k.startsWith('recordings/'));
    expect(exportsNow.every((k) => /^exports\/[0-9a-f-]{36}\.zip$/.test(k))).toBe(true);
    expect(exportsNow).toContain(`exports/${started.body.exportId}.zip`);
  });

  it('the CLI’s follower reports advancing progress until done, then downloads the bundle', async () => {
    // Prepare
    const options = { api: system.url, region: 'eu-north-1', user: 'dana' };
    const started = await ops('POST', '/ops/subjects/export', {
      number: ALICE,
      reason: 'access request AR-24',
    });
    const views: ExportView[] = [];
    const file = `${system.tmp}/bundle.zip`;

    // Act
    const finished = await followExport(
      options,
      started.body.exportId,
      'access request AR-24',
      (v) => views.push(v),
      () => new Promise((r) => setTimeout(r, 50)),
    );
    const saved = await downloadBundle(finished.url ?? '', file, () => undefined);

    // Assess
    expect(views.at(-1)?.status).toBe('done');
    expect(views.at(-1)?.recordings).toEqual({ done: 4, total: 4 });
    expect(saved).toBe(finished.size);
    const zip = await readZipEntries(readFileSync(file));
    expect(zip.has('manifest.json')).toBe(true);
  });

  it('rejects following someone else’s export (403), an unknown one (404) and a malformed id (400)', async () => {
    // Prepare
    const started = await ops('POST', '/ops/subjects/export', {
      number: ALICE,
      reason: 'access request AR-25',
    });
    await waitForExport((path) => ops('GET', path), started.body.exportId);

    // Act
    const other = await ops('GET', `/ops/exports/${started.body.exportId}`, undefined, 'eve');
    const unknown = await ops('GET', '/ops/exports/00000000-0000-4000-8000-000000000000');
    const malformed = await ops('GET', `/ops/exports/${encodeURIComponent(ALICE)}`);

    // Assess
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('can only be followed by whoever started it');
    expect(other.body.url).toBeUndefined();
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/export 0{8}-.* was not found/);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/export id must be/);
    expect(malformed.body.error.message).not.toMatch(PHONE);
    expect(JSON.stringify(await auditItems())).not.toMatch(PHONE);
  });

  it('rejects an export without a reason or with a bad number before any job is recorded', async () => {
    // Prepare
    const jobsBefore = (await allItems()).filter((i) => String(i.pk).startsWith('EXPORT#')).length;

    // Act
    const noReason = await ops('POST', '/ops/subjects/export', { number: ALICE });
    const badNumber = await ops('POST', '/ops/subjects/export', { number: '12', reason: 'access AR-26' });

    // Assess
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/reason: is required/);
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.error.message).toMatch(/number/);
    expect((await allItems()).filter((i) => String(i.pk).startsWith('EXPORT#')).length).toBe(jobsBefore);
  });

  it('the CLI starts the job, waits for it and saves the bundle with --out (JSON output)', async () => {
    // Prepare
    const root = join(__dirname, '..', '..', '..');
    const file = join(system.tmp, 'cli-bundle.zip');
    const args = ['--api', system.url, '--user', 'dana', '--json', 'subject', 'export', ALICE];

    // Act
    const { stdout } = await promisify(execFile)(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'cli', 'main.ts'), ...args, '--reason', 'access request AR-27', '--out', file],
      { cwd: root, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );

    // Assess
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ contacts: 3, recordings: 4, files: 9, savedTo: file });
    expect(new URL(printed.link).searchParams.get('X-Amz-Expires')).toBe('600');
    const zip = await readZipEntries(readFileSync(file));
    expect([...zip.keys()].filter((k) => k.includes('/files/')).length).toBe(4);
  }, 60_000);

  it('fails reading an object that vanished (moved by a hold, swept) with RecordingMissingError', async () => {
    // Prepare
    const objects = new S3ExportObjects(s3Client(), LOCAL_NAMES.bucket);

    // Act
    const reading = objects.openRead(`recordings/${mine[0]}/never-there.wav`);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(RecordingMissingError);
  });
});
