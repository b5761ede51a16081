import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { ValidationError } from '../kernel/errors';
import { isExpired } from '../kernel/expiry';
import { exportKey } from '../kernel/object-keys';
import { META, withoutIndexAttributes } from '../kernel/table-keys';
import { inParallel } from '../retention/sweep';
import {
  type SubjectDeps,
  type SubjectQuery,
  type SubjectStore,
  searchSubjectByKey,
  subjectKeyOf,
} from './subject';
import { BundleTooLargeError, BundleZip } from './zip';

/** Contacts whose objects are listed at once while planning a bundle. */
const PLAN_CONCURRENCY = 8;

/**
 * N16 (access) as an asynchronous job. The ops API finds the subject's live contacts, records an
 * export job (`EXPORT#<id>` / `STATE`: status and progress, contact ids and counts only — no
 * number, nickname or pseudonym) and queues it; the export function streams one ZIP to
 * `exports/<id>.zip` (deleted within days), recording by recording, updating the progress as it
 * goes; `GET /ops/exports/{id}` reports the progress and, once done, hands out a short-lived link.
 */
export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Progress {
  done: number;
  total: number;
}

export interface ExportJob {
  exportId: string;
  status: ExportStatus;
  /** The ops caller who asked (their IAM identity); only they get the link. */
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  from?: string;
  to?: string;
  /** The contacts to export, fixed when the job was recorded (the audit entry lists the same). */
  contactIds: string[];
  contacts: Progress;
  recordings: Progress;
  /** Audio bytes. */
  bytes: Progress;
  /** Set by the running export; a stale heartbeat (updatedAt) means it was interrupted. */
  runId?: string;
  /** When done: the object and what it holds. */
  key?: string;
  size?: number;
  files?: number;
  /** Contacts deleted or expired between the request and the export (left out). */
  skipped?: number;
  /** When failed: what happened and what to do, without personal data. */
  error?: string;
  /** Epoch seconds (TTL): the job goes when its bundle does. */
  expiresAt: number;
}

/** What the queue carries to the export function. The pseudonym stays out of the job item. */
export interface ExportMessage {
  exportId: string;
  subjectKey: string;
}

/** Port: export jobs in the contacts table (./dynamo-export-jobs.ts). */
export interface ExportJobStore {
  create(job: ExportJob): Promise<void>;
  get(exportId: string): Promise<ExportJob | undefined>;
  /** queued -> running under `runId`; false if the job was not queued. */
  claim(exportId: string, runId: string, at: string): Promise<boolean>;
  /** Progress of the run `runId`; false if the job is no longer that run's (failed meanwhile). */
  progress(
    exportId: string,
    runId: string,
    progress: Pick<ExportJob, 'contacts' | 'recordings' | 'bytes'>,
    at: string,
  ): Promise<boolean>;
  finish(
    exportId: string,
    runId: string,
    result: Required<
      Pick<ExportJob, 'key' | 'size' | 'files' | 'skipped' | 'contacts' | 'recordings' | 'bytes'>
    >,
    at: string,
  ): Promise<void>;
  /** Mark failed unless already done. */
  fail(exportId: string, message: string, at: string): Promise<void>;
}

export interface ExportQueue {
  enqueue(message: ExportMessage): Promise<void>;
}

/** A streaming upload: write the bundle to `body`, end it, then await `done`. */
export interface ExportUpload {
  body: Writable;
  done: Promise<void>;
  abort(): Promise<void>;
}

/** Port: the bucket as the export needs it. */
export interface ExportObjects {
  contactObjects(contactId: string): Promise<{ key: string; size: number }[]>;
  /** The object's bytes as a stream; RecordingMissingError if it is gone. */
  openRead(key: string): Promise<AsyncIterable<Uint8Array>>;
  openUpload(key: string, contentType: string): ExportUpload;
  presignGet(key: string, seconds: number, downloadName?: string): Promise<string>;
}

export const EXPORT_LINK_SECONDS = 600;
/** Jobs (and their bundles, by the lifecycle rule and the sweep) are kept this long. */
export const EXPORT_JOB_DAYS = 3;
/** The contact ids of one job fit in one item (400 KB); more is refused with advice to narrow. */
export const MAX_EXPORT_CONTACTS = 5000;
/** The bundle is uploaded in parts of this size (s3-export-objects.ts). */
export const EXPORT_PART_BYTES = 5 * 1024 * 1024;
/**
 * The most one bundle may hold, and EXPORT_MAX_BYTES's default: one multipart upload takes at
 * most 10,000 parts (about 48.8 GiB). The ZIP itself has no limit of its own (ZIP64).
 */
export const MAX_EXPORT_BYTES = 10_000 * EXPORT_PART_BYTES;
/** A running job updates its item at least this often; older than STALE_MS means it died. */
export const PROGRESS_EVERY_MS = 1000;
export const STALE_MS = 2 * 60_000;
/** Stop this long before the function's time limit, to record the failure. */
export const DEADLINE_MARGIN_MS = 30_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isExportId = (value: string) => UUID.test(value);

/** A failure the person running the export can act on; its message is shown as is. */
export class ExportFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportFailedError';
  }
}

export class RecordingMissingError extends Error {
  constructor(readonly key: string) {
    super('object missing');
    this.name = 'RecordingMissingError';
  }
}

export interface StartExportDeps {
  subject: SubjectDeps;
  jobs: ExportJobStore;
  queue: ExportQueue;
}

export interface StartedExport {
  exportId: string;
  status: ExportStatus;
  contacts: string[];
}

/**
 * Record the job and queue it. The lookup (one index Query) happens here, so a bad number is a
 * 400 now and the audit entry of the request names the contacts that will be exported.
 */
export async function startExport(
  query: SubjectQuery,
  request: { by: string },
  deps: StartExportDeps,
): Promise<StartedExport> {
  const subjectKey = await subjectKeyOf(query, deps.subject);
  const contacts = await searchSubjectByKey(subjectKey, query, deps.subject);
  if (contacts.length > MAX_EXPORT_CONTACTS) {
    throw new ValidationError(
      `${contacts.length} contacts match; one export holds at most ${MAX_EXPORT_CONTACTS}: split the period with from/to`,
      [{ path: 'from', message: 'narrow the period' }],
    );
  }
  const now = deps.subject.now?.() ?? new Date();
  const at = now.toISOString();
  const job: ExportJob = {
    exportId: randomUUID(),
    status: 'queued',
    requestedBy: request.by,
    createdAt: at,
    updatedAt: at,
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    contactIds: contacts.map((c) => c.contactId),
    contacts: { done: 0, total: contacts.length },
    recordings: { done: 0, total: 0 },
    bytes: { done: 0, total: 0 },
    expiresAt: Math.floor(now.getTime() / 1000) + EXPORT_JOB_DAYS * 86_400,
  };
  await deps.jobs.create(job);
  try {
    await deps.queue.enqueue({ exportId: job.exportId, subjectKey });
  } catch (error) {
    await deps.jobs
      .fail(job.exportId, 'the export could not be queued; start it again', at)
      .catch(() => undefined);
    throw error;
  }
  return { exportId: job.exportId, status: job.status, contacts: job.contactIds };
}

export interface ExportView {
  exportId: string;
  status: ExportStatus;
  createdAt: string;
  updatedAt: string;
  contacts: Progress;
  recordings: Progress;
  bytes: Progress;
  error?: string;
  url?: string;
  urlExpiresAt?: string;
  size?: number;
  files?: number;
  skipped?: number;
}

/** The job as the ops API shows it: progress, and when done a link valid EXPORT_LINK_SECONDS (N11). */
export async function exportView(
  job: ExportJob,
  deps: { objects: Pick<ExportObjects, 'presignGet'>; now?: () => Date },
): Promise<ExportView> {
  const view: ExportView = {
    exportId: job.exportId,
    status: job.status,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    contacts: job.contacts,
    recordings: job.recordings,
    bytes: job.bytes,
    ...(job.error ? { error: job.error } : {}),
  };
  if (job.status === 'done' && job.key) {
    const now = deps.now?.() ?? new Date();
    view.url = await deps.objects.presignGet(
      job.key,
      EXPORT_LINK_SECONDS,
      `subject-export-${job.exportId}.zip`,
    );
    view.urlExpiresAt = new Date(now.getTime() + EXPORT_LINK_SECONDS * 1000).toISOString();
    Object.assign(view, { size: job.size, files: job.files, skipped: job.skipped });
  }
  return view;
}

/** A job that is not expired (N13: an expired job is not found, like everything else). */
export async function findExport(exportId: string, deps: { jobs: ExportJobStore; now?: () => Date }) {
  if (!isExportId(exportId)) {
    throw new ValidationError(
      // The value is not echoed: a path can carry anything, a phone number too (N17).
      'export id must be the id `subject export` printed (a UUID such as 9bec6b9f-8c4a-4cbf-a7af-6202fcb96248)',
      [{ path: 'id', message: 'not an export id' }],
    );
  }
  const job = await deps.jobs.get(exportId);
  return job && !isExpired(job, deps.now?.() ?? new Date()) ? job : undefined;
}

export interface RunExportDeps {
  store: Pick<SubjectStore, 'contactRecords' | 'subjectRecords'>;
  objects: ExportObjects;
  jobs: ExportJobStore;
  now?: () => Date;
  /** Milliseconds left before the function is stopped (Lambda's getRemainingTimeInMillis). */
  remainingMs?: () => number;
  progressEveryMs?: number;
  maxBytes?: number;
}

export type RunOutcome = 'done' | 'failed' | 'missing' | 'finished-before' | 'running-elsewhere';

/**
 * Run an export job: stream the bundle to S3 entry by entry — per contact its records
 * (metadata, chat messages, survey answers) and every object (audio), then the subject's own
 * records and a manifest — while updating the job's progress. Idempotent per message: a job
 * already finished is left alone, one that another run is actively working on too; one whose
 * run stopped without a word (time limit, crash) is marked failed. Never throws for a failed
 * export: the failure, with what to do, is on the job.
 */
export async function runExport(
  message: ExportMessage,
  deps: RunExportDeps,
): Promise<{ outcome: RunOutcome; errorName?: string }> {
  const now = () => deps.now?.() ?? new Date();
  const job = await deps.jobs.get(message.exportId);
  if (!job || isExpired(job, now())) return { outcome: 'missing' };
  if (job.status === 'done' || job.status === 'failed') return { outcome: 'finished-before' };
  const runId = randomUUID();
  if (job.status === 'running' || !(await deps.jobs.claim(job.exportId, runId, now().toISOString()))) {
    const current = (await deps.jobs.get(job.exportId)) ?? job;
    if (current.status !== 'running') return { outcome: 'finished-before' };
    if (now().getTime() - Date.parse(current.updatedAt) < STALE_MS) return { outcome: 'running-elsewhere' };
    await deps.jobs.fail(
      job.exportId,
      'the export stopped before it finished (time limit or crash); start it again, for a shorter period with --from/--to if it is large',
      now().toISOString(),
    );
    return { outcome: 'failed', errorName: 'Interrupted' };
  }
  try {
    await buildBundle(job, runId, message.subjectKey, deps);
    return { outcome: 'done' };
  } catch (error) {
    await deps.jobs.fail(job.exportId, failureMessage(error), now().toISOString());
    return { outcome: 'failed', errorName: (error as Error).name };
  }
}

function failureMessage(error: unknown): string {
  if (error instanceof ExportFailedError) return error.message;
  if (error instanceof BundleTooLargeError) {
    return `the bundle grew too large (${error.message}); start it again for a shorter period with --from/--to`;
  }
  if (error instanceof RecordingMissingError) {
    return 'a recording was moved or deleted while the export ran (a hold, release or deletion); start it again';
  }
  const name = error instanceof Error ? error.name : 'Error';
  return `the export failed (${name}); nothing was handed out; start it again`;
}

async function buildBundle(job: ExportJob, runId: string, subjectKey: string, deps: RunExportDeps) {
  const at = deps.now?.() ?? new Date();
  const clock = () => (deps.now?.() ?? new Date()).toISOString();
  const maxBytes = deps.maxBytes ?? MAX_EXPORT_BYTES;
  const every = deps.progressEveryMs ?? PROGRESS_EVERY_MS;

  // Plan: the objects of every contact (listings only, a few contacts at a time), for the totals.
  const plan = job.contactIds.map((contactId) => ({
    contactId,
    objects: [] as { key: string; size: number }[],
  }));
  await inParallel(plan, PLAN_CONCURRENCY, async (entry) => {
    entry.objects = await deps.objects.contactObjects(entry.contactId);
  });
  const progress = {
    contacts: { done: 0, total: plan.length },
    recordings: { done: 0, total: plan.reduce((n, c) => n + c.objects.length, 0) },
    bytes: { done: 0, total: plan.reduce((n, c) => n + c.objects.reduce((s, o) => s + o.size, 0), 0) },
  };
  if (progress.bytes.total > maxBytes) {
    throw new ExportFailedError(
      `the recordings come to ${progress.bytes.total} bytes, over the ${maxBytes} bytes one bundle can hold; start it again for a shorter period with --from/--to`,
    );
  }
  let reportedAt = 0;
  const report = async (force = false) => {
    if (!force && Date.now() - reportedAt < every) return;
    reportedAt = Date.now();
    if (!(await deps.jobs.progress(job.exportId, runId, progress, clock()))) {
      throw new ExportFailedError('the export was stopped while it ran; start it again');
    }
  };
  const checkTime = () => {
    if (deps.remainingMs && deps.remainingMs() < DEADLINE_MARGIN_MS) {
      throw new ExportFailedError(
        `the export did not finish within the time limit (${progress.recordings.done} of ${progress.recordings.total} recordings); start it again for a shorter period with --from/--to`,
      );
    }
  };
  await report(true);

  const key = exportKey(job.exportId);
  const upload = deps.objects.openUpload(key, 'application/zip');
  // If the upload fails, stop the writer at once instead of waiting for a drain that never comes.
  const uploaded = upload.done.catch((error: unknown) => {
    upload.body.destroy(error as Error);
    throw error;
  });
  uploaded.catch(() => undefined); // handled below; never an unhandled rejection meanwhile
  const zip = new BundleZip(upload.body, { maxBytes, mtime: at });
  const manifest: { contactId: string; kind: string; records: number; files: string[] }[] = [];
  let skipped = 0;
  try {
    for (const { contactId, objects } of plan) {
      checkTime();
      const records = await deps.store.contactRecords(contactId);
      const meta = records.find((r) => r.sk === META);
      if (!meta || isExpired(meta as { expiresAt?: number }, at)) {
        // Erased or expired since the request (N13): it is not exported.
        skipped++;
        progress.recordings.done += objects.length;
        progress.bytes.done += objects.reduce((n, o) => n + o.size, 0);
      } else {
        await zip.addBuffer(
          `contacts/${contactId}/records.json`,
          JSON.stringify(records.map(withoutIndexKeys), null, 2),
        );
        const files: string[] = [];
        for (const object of objects) {
          checkTime();
          const name = object.key.split('/').slice(2).join('/');
          await zip.addStream(
            `contacts/${contactId}/files/${name}`,
            await deps.objects.openRead(object.key),
            async (n) => {
              progress.bytes.done += n;
              checkTime();
              await report();
            },
          );
          files.push(name);
          progress.recordings.done++;
          await report();
        }
        manifest.push({ contactId, kind: String(meta.kind ?? 'unknown'), records: records.length, files });
      }
      progress.contacts.done++;
      await report();
    }
    const own = (await deps.store.subjectRecords(subjectKey)).map(withoutIndexKeys);
    await zip.addBuffer('subject/records.json', JSON.stringify(own, null, 2));
    await zip.addBuffer(
      'manifest.json',
      JSON.stringify(
        {
          exportId: job.exportId,
          createdAt: at.toISOString(),
          period: { from: job.from, to: job.to },
          contacts: manifest,
          ...(skipped
            ? { leftOut: `${skipped} contacts were deleted or expired before the export ran` }
            : {}),
        },
        null,
        2,
      ),
    );
    await zip.finish();
    await uploaded;
  } catch (error) {
    // The reader of the body (the upload) sees the error and gives up; abort removes the parts.
    upload.body.destroy(error as Error);
    await upload.abort().catch(() => undefined);
    await uploaded.catch(() => undefined);
    throw error;
  }
  await deps.jobs.finish(
    job.exportId,
    runId,
    { key, size: zip.bytes, files: zip.entries, skipped, ...progress },
    clock(),
  );
}

/** A stored record as handed to the person: no partition key, index keys or version counter. */
export function withoutIndexKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, version: _v, ...rest } = withoutIndexAttributes(item);
  return rest;
}
