import * as path from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '../../infra/constructs/bundling';

/**
 * Bundle-size budget for the webhook functions (issue #15; docs/performance.md). Each bundle is
 * built with the stack's own esbuild settings and compared with a bare DynamoDB PutItem handler
 * built the same way, so an SDK upgrade moves both. Size only: init time is for `npm run bench:cold`.
 *
 * The budgets are ratchets at today's sizes plus a little headroom; the goal is 1.5x. Lower a
 * budget when a bundle shrinks; never raise one without saying why in docs/performance.md.
 */
const BUDGET: Record<string, number> = {
  'call-events': 2.9,
  'chat-events': 2.2,
  // Raised from 2.5: the upload-URL route now deduplicates on webhook-id (idempotency, N9).
  'recording-upload-url': 2.6,
  // Twilio Voice callbacks (issue #10): the official webhook validator only, never the REST client.
  'twilio-voice': 2.8,
  'twilio-conversations': 2.1,
};

const ROOT = path.join(__dirname, '..', '..');

async function bundleBytes(entry: string): Promise<number> {
  const result = await build({
    ...esbuildOptions(),
    sourcemap: false,
    entryPoints: [entry],
    outfile: 'out.js',
    write: false,
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => !f.path.endsWith('.map'));
  if (!js) throw new Error(`no output for ${entry}`);
  return js.contents.byteLength;
}

describe('webhook bundle-size budget (built as the stack builds them)', () => {
  const sizes = new Map<string, number>();
  let baseline = 0;

  beforeAll(async () => {
    const names = Object.keys(BUDGET);
    const [base, ...rest] = await Promise.all([
      bundleBytes(path.join(ROOT, 'bench', 'cold-baseline.ts')),
      ...names.map((n) => bundleBytes(path.join(ROOT, 'functions', `${n}.ts`))),
    ]);
    baseline = base ?? 0;
    names.forEach((n, i) => {
      sizes.set(n, rest[i] ?? 0);
    });
  }, 20_000);

  it.each(Object.entries(BUDGET))('%s stays within %sx the bare PutItem bundle', (name, budget) => {
    const ratio = (sizes.get(name) ?? Number.POSITIVE_INFINITY) / baseline;
    expect(baseline).toBeGreaterThan(0);
    expect(Math.round(ratio * 100) / 100).toBeLessThanOrEqual(budget);
  });
});

describe('the Twilio webhook bundle', () => {
  it.each(['twilio-voice', 'twilio-conversations'])(
    '%s takes only the webhook validator from the twilio package (not the REST client)',
    async (name) => {
      const result = await build({
        ...esbuildOptions(),
        sourcemap: false,
        entryPoints: [path.join(ROOT, 'functions', `${name}.ts`)],
        outfile: 'out.js',
        write: false,
        logLevel: 'silent',
        metafile: true,
      });
      const fromTwilio = Object.keys(result.metafile.inputs).filter((input) =>
        input.includes('node_modules/twilio/'),
      );
      expect(fromTwilio.map((input) => input.replace(/.*node_modules\/twilio\//, ''))).toEqual([
        'lib/webhooks/webhooks.js',
      ]);
    },
    20_000,
  );
});
