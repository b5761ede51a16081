/**
 * `npm run bench:audio [-- --mb 500 --rounds 1]`: pull a generated WAV recording from a local
 * HTTP server into s3rver with the production pull code (HttpRecordingSource: streaming
 * multipart upload), side by side with a raw stream copy of the same bytes to the same s3rver
 * (one streaming PutObject, no sniffing, no multipart) in the same run, plus a raw copy through
 * the same multipart Upload, to separate the cost of the checks from that of multipart on s3rver.
 *
 * The parent process hosts s3rver and the generator; each transfer runs in its own child
 * process, so each peak RSS is that transfer's alone. Goal: pull peak RSS < 150 MB and pull
 * throughput >= 0.8x the raw copy's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { recordingKey } from '../shared/kernel/object-keys';
import {
  HttpRecordingSource,
  PULL_PARALLEL_PARTS,
  PULL_PART_BYTES,
} from '../shared/recordings/s3-recording-source';
import { checkSourceUrl } from '../shared/recordings/source-policy';
import { wavHeader } from '../test/support/audio';
import { measured, numberFlag } from './measure';

const BUCKET = 'recordings';
const KEY = recordingKey('call-0123456789abcdef0123456789abcdef', '2026-01-31T00:00:00.000Z', 'wav');

type Mode = 'raw' | 'raw-multipart' | 'pull';
interface Result {
  mode: Mode;
  bytes: number;
  seconds: number;
  peakRssMb: number;
  /** RSS just before the transfer started (runtime + SDK loaded): the floor both share. */
  baseRssMb: number;
}

/** A WAV of `bytes` total, generated on the fly (a 1 MiB block of tone repeated): nothing on disk. */
function startGenerator(bytes: number) {
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length / 2; i++) {
    block.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  }
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': bytes });
    let left = bytes - 44;
    res.write(wavHeader(left));
    const pump = () => {
      while (left > 0) {
        const chunk = block.subarray(0, Math.min(64 * 1024, left));
        left -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  return new Promise<{ url: string; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/call.wav`,
        close: () => server.close(),
      }),
    ),
  );
}

function s3For(endpoint: string) {
  return new S3Client({
    endpoint,
    region: 'eu-north-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // The same client for both transfers; no flexible checksums (s3rver ignores them).
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

/** Child: one transfer, sampling RSS every 20 ms; prints one JSON line. */
async function worker(mode: Mode, sourceUrl: string, s3Endpoint: string) {
  const s3 = s3For(s3Endpoint);
  const { value: bytes, ...figures } = await measured(() => transfer(mode, sourceUrl, s3));
  const result: Result = { mode, bytes, ...figures };
  console.log(JSON.stringify(result));
}

/** One transfer of the source into s3rver; resolves to the bytes moved. */
async function transfer(mode: Mode, sourceUrl: string, s3: S3Client): Promise<number> {
  if (mode === 'pull') {
    const url = new URL(sourceUrl);
    const policy = { allowedHosts: [], trustedLocalEndpoints: [url.host] };
    const source = new HttpRecordingSource({ s3, bucket: BUCKET, policy, maxBytes: 2 * 1024 ** 3 });
    return (await source.pull(checkSourceUrl(sourceUrl, policy), () => KEY)).size;
  }
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    request(sourceUrl, resolve).once('error', reject).end(),
  );
  const bytes = Number(response.headers['content-length']);
  if (mode === 'raw') {
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${KEY}.raw`,
        Body: response,
        ContentLength: bytes,
        ContentType: 'audio/wav',
      }),
    );
  } else {
    const { Upload } = await import('@aws-sdk/lib-storage');
    await new Upload({
      client: s3,
      params: { Bucket: BUCKET, Key: `${KEY}.raw-multipart`, Body: response, ContentType: 'audio/wav' },
      partSize: PULL_PART_BYTES,
      queueSize: PULL_PARALLEL_PARTS,
    }).done();
  }
  return bytes;
}

/** The worker as Lambda runs code: one esbuild bundle on plain node (no TypeScript loader in its RSS). */
async function bundleWorker(dir: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(dir, 'bench-audio-worker.cjs');
  await build({
    entryPoints: [__filename],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['s3rver', 'esbuild'],
    logLevel: 'error',
  });
  return outfile;
}

function runChild(worker: string, mode: Mode, sourceUrl: string, s3Endpoint: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, '--worker', mode, sourceUrl, s3Endpoint], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${mode} transfer failed (exit ${code}): ${out}`));
      resolve(JSON.parse(line) as Result);
    });
  });
}

async function main() {
  const mb = numberFlag('mb', 500);
  const rounds = numberFlag('rounds', 1);
  const bytes = mb * 1024 * 1024;
  const dir = mkdtempSync(join(tmpdir(), 'bench-audio-'));
  const worker = await bundleWorker(dir);
  const { default: S3rver } = await import('s3rver');
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: join(dir, 's3'),
    silent: true,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3rver.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const generator = await startGenerator(bytes);
  const cleanup = s3For(endpoint);
  try {
    console.log(
      `bench:audio — ${mb} MiB WAV, local HTTP server -> s3rver, ${rounds} round(s), node ${process.version}`,
    );
    const results: Result[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate the order each round so neither transfer always runs on a warmer disk cache.
      const order: Mode[] =
        round % 2 === 0 ? ['raw', 'raw-multipart', 'pull'] : ['pull', 'raw-multipart', 'raw'];
      for (const mode of order) {
        results.push(await runChild(worker, mode, generator.url, endpoint));
        await cleanup.send(
          new DeleteObjectCommand({ Bucket: BUCKET, Key: mode === 'raw' ? `${KEY}.raw` : KEY }),
        );
      }
    }
    const summary = (mode: Mode) => {
      const runs = results.filter((r) => r.mode === mode);
      const mbps = runs.map((r) => r.bytes / 1024 / 1024 / r.seconds);
      return {
        mode,
        mbPerSecond: Math.max(...mbps),
        medianMbPerSecond: [...mbps].sort((a, b) => a - b)[Math.floor(mbps.length / 2)] ?? 0,
        peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
        baseRssMb: Math.max(...runs.map((r) => r.baseRssMb)),
      };
    };
    const raw = summary('raw');
    const rawMultipart = summary('raw-multipart');
    const pull = summary('pull');
    const names: Record<Mode, string> = {
      raw: 'raw stream copy (one PutObject)',
      'raw-multipart': 'raw multipart copy (lib-storage Upload)',
      pull: 'pull (HttpRecordingSource)',
    };
    const table = [raw, rawMultipart, pull].map((s) => ({
      transfer: names[s.mode],
      'MB/s (median)': s.medianMbPerSecond.toFixed(1),
      'peak RSS MB': s.peakRssMb.toFixed(1),
      'RSS before MB': s.baseRssMb.toFixed(1),
    }));
    console.table(table);
    const ratio = pull.medianMbPerSecond / raw.medianMbPerSecond;
    console.log(
      `pull/raw multipart copy: ${(pull.medianMbPerSecond / rawMultipart.medianMbPerSecond).toFixed(2)}x ` +
        '(the cost of the checks; s3rver copies every part again on CompleteMultipartUpload, real S3 does not)',
    );
    console.log(
      `pull/raw throughput: ${ratio.toFixed(2)}x (goal >= 0.80) ${ratio >= 0.8 ? 'OK' : 'MISSED'}; ` +
        `pull peak RSS ${pull.peakRssMb.toFixed(0)} MB (goal < 150) ${pull.peakRssMb < 150 ? 'OK' : 'MISSED'}`,
    );
  } finally {
    generator.close();
    cleanup.destroy();
    await s3rver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--worker') {
  worker(process.argv[3] as Mode, process.argv[4] ?? '', process.argv[5] ?? '').catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
