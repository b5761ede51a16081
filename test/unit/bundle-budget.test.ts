import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../../infra/constructs/bundling';

/**
 * Bundle-size budget for every function (issue #15; docs/performance.md). Each bundle is built with
 * the stack's own esbuild settings and compared with a bare DynamoDB PutItem handler built the same
 * way, so an SDK upgrade moves both. Size only: init time is for `npm run bench:cold`.
 *
 * The budgets are ratchets at today's sizes plus at most 5 % headroom; the goal is 1.5x. Lower a
 * budget when a bundle shrinks; never raise one without saying why in docs/performance.md.
 */
const BUDGET: Record<string, number> = {
  // Webhooks: their init sits in the caller's path.
  'call-events': 2.47,
  'chat-events': 2.02,
  // The upload-URL route deduplicates on webhook-id (idempotency, N9).
  'recording-upload-url': 2.5,
  // Twilio Voice callbacks (issue #10): the official webhook validator only, never the REST client.
  'twilio-voice': 2.29,
  'twilio-conversations': 1.86,
  // Queue, stream, schedule and ops functions.
  // Amazon Connect (issue #11): the CTR stream and the bucket writes.
  'connect-recording': 2.15,
  'connect-redact': 2.16,
  'connect-transcript': 2.28,
  'connect-ctr': 2.67,
  'ops-api': 2.84,
  'recording-fetch': 2.45,
  'recording-landed': 2.18,
  'retention-sweep': 2.25,
  'subject-export': 2.3,
  'survey-reply': 2.11,
  'survey-send': 2.24,
};

const ROOT = path.join(__dirname, '..', '..');
const FUNCTIONS = readdirSync(path.join(ROOT, 'functions'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

interface Bundle {
  bytes: number;
  /** The input files that contributed to the bundle (esbuild's metafile). */
  inputs: string[];
}

async function bundle(entry: string): Promise<Bundle> {
  const result = await build({
    ...esbuildOptions(),
    sourcemap: false,
    entryPoints: [entry],
    outfile: 'out.js',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const js = result.outputFiles.find((f) => !f.path.endsWith('.map'));
  if (!js) throw new Error(`no output for ${entry}`);
  const output = Object.values(result.metafile.outputs)[0] as Metafile['outputs'][string];
  return {
    bytes: js.contents.byteLength,
    inputs: Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  };
}

const bundles = new Map<string, Bundle>();
let baseline = 0;

beforeAll(async () => {
  const [base, ...rest] = await Promise.all([
    bundle(path.join(ROOT, 'bench', 'cold-baseline.ts')),
    ...FUNCTIONS.map((n) => bundle(path.join(ROOT, 'functions', `${n}.ts`))),
  ]);
  baseline = base?.bytes ?? 0;
  FUNCTIONS.forEach((n, i) => {
    const built = rest[i];
    if (built) bundles.set(n, built);
  });
}, 180_000);

describe('bundle-size budget (built as the stack builds them)', () => {
  it('has a budget for every function', () => {
    expect(Object.keys(BUDGET).sort()).toEqual(FUNCTIONS);
  });

  it.each(Object.entries(BUDGET))('%s stays within %sx the bare PutItem bundle', (name, budget) => {
    const ratio = (bundles.get(name)?.bytes ?? Number.POSITIVE_INFINITY) / baseline;
    expect(baseline).toBeGreaterThan(0);
    expect(Math.round(ratio * 100) / 100).toBeLessThanOrEqual(budget);
  });
});

describe('what the bundles may not carry', () => {
  it.each(FUNCTIONS)(
    '%s has none of zod that only `import { z }` pulls in (other locales, JSON Schema import)',
    (name) => {
      // `import { z } from 'zod'` takes zod's whole namespace object, so esbuild keeps all of it
      // (+348 KB in the ops API); `import * as z from 'zod'` lets it drop what no schema uses.
      const unused = (bundles.get(name)?.inputs ?? ['(not built)']).filter((input) =>
        /node_modules\/zod\/v4\/(locales\/(?!en\.js)|classic\/from-json-schema)/.test(input),
      );
      expect(unused).toEqual([]);
    },
  );

  it.each(FUNCTIONS)('%s carries only the small phone metadata, never `max` or `mobile`', (name) => {
    const metadata = (bundles.get(name)?.inputs ?? []).filter((input) =>
      /libphonenumber-js\/metadata\.(max|mobile|full)\.json/.test(input),
    );
    expect(metadata).toEqual([]);
  });

  it.each(['twilio-voice', 'twilio-conversations'])(
    '%s takes only the webhook validator from the twilio package (not the REST client)',
    (name) => {
      const fromTwilio = (bundles.get(name)?.inputs ?? []).filter((input) =>
        input.includes('node_modules/twilio/'),
      );
      expect(fromTwilio.map((input) => input.replace(/.*node_modules\/twilio\//, ''))).toEqual([
        'lib/webhooks/webhooks.js',
      ]);
    },
  );
});
