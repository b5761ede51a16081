import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { LOCAL_NAMES } from '../../../local/emulators';
import { s3Client } from '../../../shared/kernel/s3-client';
import { allItems, type startSystem } from '../../support/local-system';
import { opsRequest } from '../../support/ops-request';
import { DAY, nowEpoch, seedContact, startSystemWithoutAudioPipeline } from '../retention/fixtures';
import { waitForExport } from './exports';

const NUMBER = '+358405550101';

describe('subject export job that fails (N16)', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  const ops = (method: string, path: string, body?: unknown) =>
    opsRequest(system.url, method, path, body, { 'x-ops-user': 'dana' });

  beforeAll(async () => {
    // A bundle limit far below the subject's audio: the export function's own size check trips.
    process.env.EXPORT_MAX_BYTES = '40';
    system = await startSystemWithoutAudioPipeline();
  });
  afterAll(async () => {
    await system.close();
    delete process.env.EXPORT_MAX_BYTES;
  });

  it('fails a job over the bundle limit with a clear message, hands out no link and leaves no bundle', async () => {
    // Prepare
    await seedContact({
      name: 'fail-1',
      number: NUMBER,
      expiresAt: nowEpoch() + DAY,
      objects: ['2025-03-01-1.wav', '2025-03-01-2.wav', '2025-03-01-3.wav'],
    });

    // Act
    const started = await ops('POST', '/ops/subjects/export', { number: NUMBER, reason: 'access AR-31' });
    const finished = await waitForExport((path) => ops('GET', path), started.body.exportId);

    // Assess
    expect(started.status).toBe(202);
    expect(finished.status).toBe(200);
    expect(finished.body.status).toBe('failed');
    expect(finished.body.error).toMatch(
      /^the recordings come to \d+ bytes, over the 40 bytes one bundle can hold; start it again for a shorter period with --from\/--to$/,
    );
    expect(finished.body.url).toBeUndefined();
    const listed = await s3Client().send(
      new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket, Prefix: 'exports/' }),
    );
    expect(listed.Contents ?? []).toEqual([]);
    const audit = (await allItems()).filter(
      (i) =>
        String(i.pk).startsWith('AUDIT#') && JSON.stringify(i.detail ?? {}).includes(started.body.exportId),
    );
    expect(audit.map((a) => a.action)).toContain('subject.export.status');
    expect(audit.map((a) => a.action)).not.toContain('subject.export.link');
  });

  it('fails a job whose bundle outgrows the limit while streaming, and aborts the partial upload', async () => {
    // Prepare: the audio alone fits (11 bytes) but the ZIP around it does not.
    const number = '+358405550102';
    await seedContact({ name: 'f2', number, expiresAt: nowEpoch() + DAY, objects: ['a.wav'] });

    // Act
    const started = await ops('POST', '/ops/subjects/export', { number, reason: 'access AR-32' });
    const finished = await waitForExport((path) => ops('GET', path), started.body.exportId);

    // Assess
    expect(finished.body.status).toBe('failed');
    expect(finished.body.error).toBe(
      'the bundle grew too large (a bundle holds at most 40 bytes); start it again for a shorter period with --from/--to',
    );
    const listed = await s3Client().send(
      new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket, Prefix: 'exports/' }),
    );
    expect(listed.Contents ?? []).toEqual([]);
  });
});
