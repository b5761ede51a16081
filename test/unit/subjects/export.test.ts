import { PassThrough } from 'node:stream';
import {
  type ExportJob,
  type ExportJobStore,
  type ExportObjects,
  RecordingMissingError,
  type RunExportDeps,
  runExport,
  STALE_MS,
} from '../../../shared/subjects/export';
import { readZipEntries } from '../../support/unzip';

const NOW = new Date('2026-03-01T10:00:00Z');
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const A = `call-${'a'.repeat(32)}`;
const B = `call-${'b'.repeat(32)}`;

/** In-memory job store with the adapter's conditions; remembers every progress write. */
class MemoryJobs implements ExportJobStore {
  jobs = new Map<string, ExportJob>();
  writes: Pick<ExportJob, 'contacts' | 'recordings' | 'bytes'>[] = [];
  async create(job: ExportJob) {
    this.jobs.set(job.exportId, structuredClone(job));
  }
  async get(id: string) {
    const job = this.jobs.get(id);
    return job && structuredClone(job);
  }
  async claim(id: string, runId: string, at: string) {
    const job = this.jobs.get(id);
    if (job?.status !== 'queued') return false;
    Object.assign(job, { status: 'running', runId, updatedAt: at });
    return true;
  }
  async progress(
    id: string,
    runId: string,
    p: Pick<ExportJob, 'contacts' | 'recordings' | 'bytes'>,
    at: string,
  ) {
    const job = this.jobs.get(id);
    if (job?.status !== 'running' || job.runId !== runId) return false;
    this.writes.push(structuredClone(p));
    Object.assign(job, structuredClone(p), { updatedAt: at });
    return true;
  }
  async finish(id: string, runId: string, result: Partial<ExportJob>, at: string) {
    const job = this.jobs.get(id);
    if (job?.status !== 'running' || job.runId !== runId) throw new Error('not mine');
    Object.assign(job, result, { status: 'done', updatedAt: at });
  }
  async fail(id: string, message: string, at: string) {
    const job = this.jobs.get(id);
    if (job && job.status !== 'done') Object.assign(job, { status: 'failed', error: message, updatedAt: at });
  }
}

/** In-memory bucket: objects by key; the upload collects what the writer streams. */
function memoryObjects(objects: Record<string, string>) {
  const uploaded = new Map<string, Buffer>();
  let aborted = 0;
  const port: ExportObjects = {
    async contactObjects(contactId) {
      return Object.entries(objects)
        .filter(([key]) => key.split('/')[1] === contactId)
        .map(([key, body]) => ({ key, size: Buffer.byteLength(body) }));
    },
    async openRead(key) {
      const body = objects[key];
      if (body === undefined) throw new RecordingMissingError(key);
      return (async function* () {
        yield Buffer.from(body);
      })();
    },
    openUpload(key) {
      const body = new PassThrough();
      const chunks: Buffer[] = [];
      body.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise<void>((resolve, reject) => {
        body.on('end', () => {
          uploaded.set(key, Buffer.concat(chunks));
          resolve();
        });
        body.on('error', reject);
      });
      return {
        body,
        done,
        abort: async () => {
          aborted++;
        },
      };
    },
    async presignGet(key) {
      return `https://example.invalid/${key}`;
    },
  };
  return { port, uploaded, aborted: () => aborted };
}

function job(overrides: Partial<ExportJob> = {}): ExportJob {
  return {
    exportId: '9bec6b9f-8c4a-4cbf-a7af-6202fcb96248',
    status: 'queued',
    requestedBy: 'dana',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    contactIds: [A, B],
    contacts: { done: 0, total: 2 },
    recordings: { done: 0, total: 0 },
    bytes: { done: 0, total: 0 },
    expiresAt: epoch(NOW) + 3 * 86_400,
    ...overrides,
  };
}

function setup(
  options: { objects?: Record<string, string>; records?: Record<string, Record<string, unknown>[]> } = {},
) {
  const jobs = new MemoryJobs();
  const objects = memoryObjects(
    options.objects ?? {
      [`recordings/${A}/2025-01-01-1.wav`]: 'audio A1',
      [`recordings/${A}/2025-01-01-2.wav`]: 'audio A2',
      [`holds/${B}/2025-01-02-1.wav`]: 'audio B1 (held)',
    },
  );
  const records = options.records ?? {
    [A]: [{ pk: `CONTACT#${A}`, sk: 'META', kind: 'call', expiresAt: epoch(NOW) + 100, gsi1pk: 'SUBJECT#x' }],
    [B]: [{ pk: `CONTACT#${B}`, sk: 'META', kind: 'call', hold: { reason: 'dispute DS-1' } }],
  };
  const deps: RunExportDeps = {
    store: {
      contactRecords: async (id) => records[id] ?? [],
      subjectRecords: async () => [{ pk: 'SUBJECT#x', sk: 'OPTOUT' }],
    },
    objects: objects.port,
    jobs,
    now: () => NOW,
    progressEveryMs: 0,
  };
  return { jobs, objects, deps };
}

describe('subject export job runner (N16)', () => {
  it('advances the progress recording by recording up to the totals, then finishes with the bundle', async () => {
    // Prepare
    const { jobs, objects, deps } = setup();
    await jobs.create(job());

    // Act
    const result = await runExport({ exportId: job().exportId, subjectKey: 'x' }, deps);

    // Assess
    expect(result).toEqual({ outcome: 'done' });
    expect(jobs.writes.map((w) => w.recordings.done)).toEqual(
      [...jobs.writes.map((w) => w.recordings.done)].sort(),
    );
    expect(jobs.writes[0]).toEqual({
      contacts: { done: 0, total: 2 },
      recordings: { done: 0, total: 3 },
      bytes: { done: 0, total: 31 },
    });
    expect(new Set(jobs.writes.map((w) => w.recordings.done))).toEqual(new Set([0, 1, 2, 3]));
    const final = await jobs.get(job().exportId);
    expect(final).toMatchObject({
      status: 'done',
      key: `exports/${job().exportId}.zip`,
      contacts: { done: 2, total: 2 },
      recordings: { done: 3, total: 3 },
      bytes: { done: 31, total: 31 },
      files: 3 + 2 + 2,
    });
    const zip = await readZipEntries(
      objects.uploaded.get(`exports/${job().exportId}.zip`) ?? Buffer.alloc(0),
    );
    expect(zip.get(`contacts/${B}/files/2025-01-02-1.wav`)?.toString()).toBe('audio B1 (held)');
    expect(zip.get(`contacts/${A}/records.json`)?.toString()).not.toContain('SUBJECT#x');
  });

  it('N13: leaves out a contact that expired or was erased after the request, and says so', async () => {
    // Prepare
    const { jobs, objects, deps } = setup({
      records: {
        [A]: [{ pk: `CONTACT#${A}`, sk: 'META', kind: 'call', expiresAt: epoch(NOW) - 1 }],
        [B]: [],
      },
    });
    await jobs.create(job());

    // Act
    await runExport({ exportId: job().exportId, subjectKey: 'x' }, deps);

    // Assess
    const final = await jobs.get(job().exportId);
    expect(final).toMatchObject({ status: 'done', skipped: 2, recordings: { done: 3, total: 3 } });
    const zip = await readZipEntries(
      objects.uploaded.get(`exports/${job().exportId}.zip`) ?? Buffer.alloc(0),
    );
    expect([...zip.keys()].sort()).toEqual(['manifest.json', 'subject/records.json']);
    expect(zip.get('manifest.json')?.toString()).toContain('2 contacts were deleted or expired');
  });

  it('fails with a clear message when a recording vanishes mid-export (a hold moved it), aborting the upload', async () => {
    // Prepare
    const { jobs, objects, deps } = setup();
    const listing = objects.port.contactObjects;
    deps.objects = {
      ...objects.port,
      contactObjects: async (id) => [...(await listing(id)), { key: `recordings/${id}/gone.wav`, size: 5 }],
    };
    await jobs.create(job());

    // Act
    const result = await runExport({ exportId: job().exportId, subjectKey: 'x' }, deps);

    // Assess
    expect(result).toEqual({ outcome: 'failed', errorName: 'RecordingMissingError' });
    expect((await jobs.get(job().exportId))?.error).toBe(
      'a recording was moved or deleted while the export ran (a hold, release or deletion); start it again',
    );
    expect(objects.aborted()).toBe(1);
    expect(objects.uploaded.size).toBe(0);
  });

  it('fails before the function’s time limit with how far it got, instead of dying silently', async () => {
    // Prepare
    const { jobs, deps } = setup();
    let left = 40_000;
    deps.remainingMs = () => (left -= 5_000);
    await jobs.create(job());

    // Act
    await runExport({ exportId: job().exportId, subjectKey: 'x' }, deps);

    // Assess
    expect((await jobs.get(job().exportId))?.error).toMatch(
      /^the export did not finish within the time limit \(\d of 3 recordings\); start it again for a shorter period with --from\/--to$/,
    );
  });

  it('marks a job failed when its run stopped without a word (stale heartbeat), and leaves a live run alone', async () => {
    // Prepare
    const { jobs, deps } = setup();
    const stale = new Date(NOW.getTime() - STALE_MS - 1000).toISOString();
    await jobs.create(
      job({ exportId: '00000000-0000-4000-8000-000000000001', status: 'running', updatedAt: stale }),
    );
    await jobs.create(job({ exportId: '00000000-0000-4000-8000-000000000002', status: 'running' }));

    // Act
    const interrupted = await runExport(
      { exportId: '00000000-0000-4000-8000-000000000001', subjectKey: 'x' },
      deps,
    );
    const live = await runExport({ exportId: '00000000-0000-4000-8000-000000000002', subjectKey: 'x' }, deps);

    // Assess
    expect(interrupted.outcome).toBe('failed');
    expect((await jobs.get('00000000-0000-4000-8000-000000000001'))?.error).toMatch(
      /^the export stopped before it finished \(time limit or crash\); start it again/,
    );
    expect(live.outcome).toBe('running-elsewhere');
    expect((await jobs.get('00000000-0000-4000-8000-000000000002'))?.status).toBe('running');
  });

  it('does nothing for a job already finished, or one gone (expired)', async () => {
    // Prepare
    const { jobs, objects, deps } = setup();
    await jobs.create(job({ status: 'done', key: 'exports/x.zip' }));

    // Act
    const again = await runExport({ exportId: job().exportId, subjectKey: 'x' }, deps);
    const gone = await runExport({ exportId: '00000000-0000-4000-8000-00000000000f', subjectKey: 'x' }, deps);

    // Assess
    expect(again.outcome).toBe('finished-before');
    expect(gone.outcome).toBe('missing');
    expect(objects.uploaded.size).toBe(0);
  });
});
