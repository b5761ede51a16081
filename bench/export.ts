/**
 * `npm run bench:export [-- --contacts 20 --mb 10]`: one subject with `contacts` calls of one
 * `mb` MiB recording each, exported with the production job code (runExport, S3ExportObjects:
 * streamed reads, streaming ZIP, multipart upload of 5 MiB parts) into s3rver, then again with
 * twice as many contacts. The parent hosts the emulators; each export runs in its own child
 * process, so each peak RSS is the export's alone. Goal: peak RSS flat as the bundle doubles.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_NAMES, startEmulators } from '../local/emulators';
import { contactIdFor } from '../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { s3Client } from '../shared/kernel/s3-client';
import { DynamoExportJobs } from '../shared/subjects/dynamo-export-jobs';
import { DynamoSubjectStore } from '../shared/subjects/dynamo-subject-store';
import { type ExportJob, runExport } from '../shared/subjects/export';
import { S3ExportObjects } from '../shared/subjects/s3-export-objects';
import { measured, numberFlag } from './measure';

interface Result {
  contacts: number;
  bundleBytes: number;
  seconds: number;
  peakRssMb: number;
  baseRssMb: number;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const mb = (bytes: number) => oneDecimal(bytes / 1024 / 1024);

/** Child: run one export job and print its figures as JSON. */
async function worker(exportId: string) {
  const db = dynamoDocumentClient();
  const jobs = new DynamoExportJobs(db, LOCAL_NAMES.contactsTable);
  const {
    value: result,
    seconds,
    peakRssMb,
    baseRssMb,
  } = await measured(() =>
    runExport(
      { exportId, subjectKey: 'bench' },
      {
        store: new DynamoSubjectStore(db, LOCAL_NAMES.contactsTable),
        objects: new S3ExportObjects(s3Client(), LOCAL_NAMES.bucket),
        jobs,
      },
    ),
  );
  const job = await jobs.get(exportId);
  if (result.outcome !== 'done') throw new Error(`export ${result.outcome}: ${job?.error}`);
  const out: Result = {
    contacts: job?.contacts.total ?? 0,
    bundleBytes: job?.size ?? 0,
    seconds: oneDecimal(seconds),
    peakRssMb: oneDecimal(peakRssMb),
    baseRssMb: oneDecimal(baseRssMb),
  };
  console.log(JSON.stringify(out));
}

async function seed(contactIds: string[], bytes: number) {
  const block = Buffer.alloc(bytes, 0x55);
  const now = Math.floor(Date.now() / 1000);
  for (const contactId of contactIds) {
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: LOCAL_NAMES.contactsTable,
        Item: { pk: `CONTACT#${contactId}`, sk: 'META', kind: 'call', contactId, expiresAt: now + 86_400 },
      }),
    );
    await s3Client().send(
      new PutObjectCommand({
        Bucket: LOCAL_NAMES.bucket,
        Key: `recordings/${contactId}/2026-01-01-1.wav`,
        Body: block,
      }),
    );
  }
}

async function job(exportId: string, contactIds: string[]) {
  const at = new Date().toISOString();
  const item: ExportJob = {
    exportId,
    status: 'queued',
    requestedBy: 'bench',
    createdAt: at,
    updatedAt: at,
    contactIds,
    contacts: { done: 0, total: contactIds.length },
    recordings: { done: 0, total: 0 },
    bytes: { done: 0, total: 0 },
    expiresAt: Math.floor(Date.now() / 1000) + 86_400,
  };
  await new DynamoExportJobs(dynamoDocumentClient(), LOCAL_NAMES.contactsTable).create(item);
}

function runChild(exportId: string, env: Record<string, string>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--worker', exportId], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env, AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`export failed (exit ${code}): ${out}`));
      resolve(JSON.parse(line) as Result);
    });
  });
}

async function main() {
  const contacts = numberFlag('contacts', 20);
  const size = numberFlag('mb', 10) * 1024 * 1024;
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
  const emulators = await startEmulators({
    s3Dir: join(dir, 's3'),
    webhookSecret: 'whsec_bench',
    pepper: 'bench',
  });
  Object.assign(process.env, emulators.env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
  try {
    const ids = Array.from({ length: 2 * contacts }, (_, i) => contactIdFor('call', 'bench', `c${i}`));
    await seed(ids, size);
    const rows: Result[] = [];
    for (const [n, exportId] of [
      [contacts, '00000000-0000-4000-8000-000000000001'],
      [2 * contacts, '00000000-0000-4000-8000-000000000002'],
    ] as const) {
      await job(exportId, ids.slice(0, n));
      rows.push(await runChild(exportId, { ...emulators.env, POWERTOOLS_LOG_LEVEL: 'SILENT' }));
    }
    console.log('| contacts | recordings | bundle MB | seconds | MB/s | base RSS MB | peak RSS MB |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      const rate = Math.round((mb(r.bundleBytes) / r.seconds) * 10) / 10;
      console.log(
        `| ${r.contacts} | ${r.contacts} | ${mb(r.bundleBytes)} | ${r.seconds} | ${rate} | ${r.baseRssMb} | ${r.peakRssMb} |`,
      );
    }
  } finally {
    await emulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const workerAt = process.argv.indexOf('--worker');
if (workerAt >= 0) {
  worker(process.argv[workerAt + 1] ?? '').catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
