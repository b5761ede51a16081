/**
 * Cold-start benchmark (issue #15): builds every function in functions/ exactly as the stack does
 * (the shared esbuild settings in infra/constructs/bundling.ts) plus a bare DynamoDB PutItem
 * handler as the baseline, then loads each bundle in fresh Node processes and reports bundle
 * size, median init (load the bundle and get `handler`) and both ratios to the baseline.
 *
 *   npm run bench:cold [-- --samples 7]
 *   npm run bench:cold -- --why [call-events]   what each bundle is made of (KB per package), no timing
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { bundleFileName, esbuildOptions, lambdaBundling } from '../infra/constructs/bundling';
import { numberFlag } from './measure';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(tmpdir(), `cold-bench-${process.pid}`);
const BASELINE = 'bare PutItem (baseline)';
/** Rows for bench/cold-parts/*: the baseline plus one library, to price that library alone. */
const PART = 'baseline + ';

/** Functions whose init sits in a caller's path: budget 1.25x the baseline (others 1.5x). */
export const WEBHOOK_FUNCTIONS = [
  'call-events',
  'chat-events',
  'recording-upload-url',
  'twilio-voice',
  'twilio-conversations',
];

/** Dummy values for every variable the functions' `loadEnv` schemas require, plus what Lambda sets. */
const ENV: Record<string, string> = {
  AWS_REGION: 'eu-north-1',
  AWS_LAMBDA_FUNCTION_NAME: 'cold-bench',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  CONTACTS_TABLE: 'contacts',
  IDEMPOTENCY_TABLE: 'idempotency',
  PLATFORMS: '{"bench-cc":{"kind":"standard-webhooks","secretId":"webhook-secret"}}',
  PEPPER_SECRET_ID: 'pepper',
  RECORDINGS_BUCKET: 'recordings',
  AUDIT_BUCKET: 'audit-trail',
  RECORDING_FETCH_QUEUE_URL: 'https://sqs.eu-north-1.amazonaws.com/123456789012/fetch',
  SURVEY_QUEUE_URL: 'https://sqs.eu-north-1.amazonaws.com/123456789012/survey',
  EXPORT_QUEUE_URL: 'https://sqs.eu-north-1.amazonaws.com/123456789012/export',
  SURVEY_ORIGINATION_IDENTITY: '+358401234567',
  WEBHOOK_BASE_URL: 'https://hooks.example.fi',
  // Amazon Connect (issue #11): as the stack sets them with -c connectInstanceArn.
  CONNECT_INSTANCE_ID: '0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  CONNECT_REDACTION_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/connect-redact',
};

interface Built {
  name: string;
  file: string;
  bytes: number;
  /** esbuild's metafile: bytes each input file contributes to the bundle. */
  inputs: Record<string, { bytesInOutput: number }>;
}

async function buildOne(name: string, entry: string): Promise<Built> {
  const dir = path.join(OUT, name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, bundleFileName());
  const result = await build({
    ...esbuildOptions(),
    entryPoints: [entry],
    outfile: file,
    logLevel: 'error',
    metafile: true,
  });
  const output = Object.entries(result.metafile.outputs).find(([out]) => !out.endsWith('.map'))?.[1];
  return { name, file, bytes: statSync(file).size, inputs: output?.inputs ?? {} };
}

/** The npm package an input file belongs to, or its folder in this repository (`shared/calls`). */
export function owner(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  return pkg?.[1] ?? input.split('/').slice(0, 2).join('/');
}

/** `--why`: bytes in each bundle by package (esbuild's metafile), largest first: what to cut next. */
function printWhy(built: Built[], top: number) {
  for (const b of built) {
    const byOwner = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(b.inputs)) {
      byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
    }
    const rows = [...byOwner].sort((x, y) => y[1] - x[1]).slice(0, top);
    console.log(`\n${b.name}: ${(b.bytes / 1024).toFixed(0)} KB`);
    for (const [name, bytes] of rows) console.log(`  ${(bytes / 1024).toFixed(1).padStart(7)} KB  ${name}`);
  }
}

/** One fresh process: time from just before loading the bundle to having `handler`, in ms. */
const PROBE = `
const { performance } = require('node:perf_hooks');
const { pathToFileURL } = require('node:url');
const file = process.argv[1];
const esm = file.endsWith('.mjs');
const t0 = performance.now();
const loaded = esm ? import(pathToFileURL(file).href) : Promise.resolve(require(file));
loaded.then((m) => {
  const ms = performance.now() - t0;
  if (typeof m.handler !== 'function') throw new Error('no handler export in ' + file);
  process.stdout.write(JSON.stringify({ ms, esm, rss: process.memoryUsage.rss() }));
});
`;

function sample(file: string): { ms: number; esm: boolean; rss: number } {
  const out = execFileSync(process.execPath, ['-e', PROBE, file], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_NO_WARNINGS: '1',
      POWERTOOLS_SERVICE_NAME: path.basename(path.dirname(file)),
      ...ENV,
    },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

async function main() {
  const samples = numberFlag('samples', 9);
  rmSync(OUT, { recursive: true, force: true });
  const names = readdirSync(path.join(ROOT, 'functions'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  const partsDir = path.join(__dirname, 'cold-parts');
  const parts = readdirSync(partsDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  const why = process.argv.indexOf('--why');
  const next = why >= 0 ? process.argv[why + 1] : undefined;
  // `--why <name>` builds that one bundle only.
  const only = next && !next.startsWith('--') ? next : undefined;
  const entries: [string, string][] = [
    ['baseline', path.join(__dirname, 'cold-baseline.ts')],
    ...names.map((n): [string, string] => [n, path.join(ROOT, 'functions', `${n}.ts`)]),
    ...parts.map((n): [string, string] => [`${PART}${n}`, path.join(partsDir, `${n}.ts`)]),
  ];
  const built = await Promise.all(
    entries.filter(([name]) => !only || name === only).map(([name, entry]) => buildOne(name, entry)),
  );
  if (why >= 0) {
    printWhy(built, 25);
    rmSync(OUT, { recursive: true, force: true });
    return;
  }
  const times = new Map<string, number[]>(built.map((b) => [b.name, []]));
  let esmSeen = true;
  /** Resident memory right after init (MB): the floor for each function's memory setting. */
  const rssOf = new Map<string, number>();
  // Round-robin, so drift on a shared machine spreads over every bundle alike.
  for (let i = 0; i < samples + 1; i++) {
    for (const b of built) {
      const { ms, esm, rss } = sample(b.file);
      rssOf.set(b.name, Math.max(rssOf.get(b.name) ?? 0, rss));
      esmSeen &&= esm;
      if (i > 0) times.get(b.name)?.push(ms); // the first round warms the disk cache only
    }
  }
  const [base, ...fns] = built;
  if (!base) throw new Error('nothing built');
  const baseMs = median(times.get(base.name) ?? []);
  const rssMb = (b: Built) => ((rssOf.get(b.name) ?? 0) / 1024 / 1024).toFixed(0);
  const low = (b: Built) => Math.min(...(times.get(b.name) ?? []));
  const rows = [
    [
      'function',
      'bundle KB',
      'init ms (median)',
      'init ms (min)',
      'init vs base',
      'size vs base',
      'RSS MB',
      'budget',
    ],
    [
      BASELINE,
      (base.bytes / 1024).toFixed(0),
      baseMs.toFixed(1),
      low(base).toFixed(1),
      '1.00x',
      '1.00x',
      rssMb(base),
      '',
    ],
    ...fns.map((b) => {
      const ms = median(times.get(b.name) ?? []);
      const signed = (x: number, digits: number) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
      const initBudget = WEBHOOK_FUNCTIONS.includes(b.name) ? 1.25 : 1.5;
      const ok = ms / baseMs <= initBudget && b.bytes / base.bytes <= 1.5;
      const verdict = b.name.startsWith(PART)
        ? `(part) ${signed(ms - baseMs, 1)} ms, ${signed((b.bytes - base.bytes) / 1024, 0)} KB`
        : `${ok ? 'ok' : 'OVER'} (init <= ${initBudget}x, size <= 1.5x)`;
      return [
        b.name,
        (b.bytes / 1024).toFixed(0),
        ms.toFixed(1),
        low(b).toFixed(1),
        `${(ms / baseMs).toFixed(2)}x`,
        `${(b.bytes / base.bytes).toFixed(2)}x`,
        rssMb(b),
        verdict,
      ];
    }),
  ];
  console.log(
    `format ${lambdaBundling.format}${esmSeen ? ' (loaded as ES modules)' : ''}, target ${lambdaBundling.target}, ` +
      `minify ${lambdaBundling.minify}, ${samples} cold samples per bundle, node ${process.version}\n`,
  );
  console.log(`| ${rows[0]?.join(' | ')} |`);
  console.log(`|---|${'---:|'.repeat(6)}---|`);
  for (const row of rows.slice(1)) console.log(`| ${row.join(' | ')} |`);
  rmSync(OUT, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
