import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const port = String(32000 + Math.floor(Math.random() * 2000));
const cwd = mkdtempSync(join(tmpdir(), 'contact-recordings-start-'));
let server: ChildProcess;
let output = '';

/** Run a command to completion and return what it printed. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, args, { cwd, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  // `npm start` exactly as a newcomer runs it, but in a scratch folder and on a free port.
  server = spawn(tsx, [join(root, 'local', 'start.ts')], {
    cwd,
    env: { ...process.env, PORT: port, POWERTOOLS_LOG_LEVEL: 'WARN', SURVEY_DELAY_SECONDS: '1' },
  });
  server.stdout?.on('data', (d) => (output += d));
  server.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 25_000;
  while (!output.includes('running locally') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
}, 30_000);

afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('close', r));
  rmSync(cwd, { recursive: true, force: true });
});

describe('npm start + npm run demo', () => {
  it('starts on PORT with no AWS account and prints the default signing secret', () => {
    expect(output).toContain(`contact-recordings is running locally at http://127.0.0.1:${port}`);
    expect(output).toMatch(/webhook signing secret: whsec_\S+ \(default\)/);
  });

  let demoNumber = '';

  it('demo sends a signed call lifecycle and shows the stored record through the CLI path', async () => {
    const { code, out } = await run([join(root, 'local', 'demo.ts')], {
      PORT: port,
      DEMO_SURVEY_WAIT_SECONDS: '10',
    });
    expect(code).toBe(0);
    expect(out).toContain('call.started   -> 200 created');
    expect(out).toMatch(/contact show call-[0-9a-f]{32}/);
    expect(out).toMatch(/serviceNumber\s+\+358968298003/);
    expect(out).not.toContain('dropped at the door');
    demoNumber = /customerNumber\s+(\+35840\d{7})/.exec(out)?.[1] ?? '';
    expect(demoNumber).not.toBe('');
  }, 40_000);

  it('demo --platform twilio plays a Twilio number: callbacks signed by the official library, out of order, a retry', async () => {
    const { code, out } = await run([join(root, 'local', 'demo.ts'), '--platform', 'twilio'], {
      PORT: port,
      DEMO_SURVEY_WAIT_SECONDS: '1',
    });
    expect(code).toBe(0);
    expect(out).toContain('initiated    #0 -> 200 created');
    expect(out).toContain('completed    #3 -> 200 duplicate');
    expect(out).toMatch(/serviceNumber\s+\+358968298003/);
    expect(out).toMatch(/answeredAt\s+\S+/);
    expect(out).not.toContain('dropped at the door');
  }, 40_000);

  it('demo --platform amazon-connect plays a Connect recording and its CTRs (matched by Location, checked, stored) and a chat transcript and its CTR', async () => {
    const { code, out } = await run([join(root, 'local', 'demo.ts'), '--platform', 'amazon-connect'], {
      PORT: port,
      DEMO_SURVEY_WAIT_SECONDS: '1',
    });
    expect(code).toBe(0);
    expect(out).toContain('CTR again      -> ok');
    expect(out).toContain('older update   -> ok');
    expect(out).toMatch(/recording\s+\{"key":"recordings\/call-[0-9a-f]{32}\/\d{4}-\d{2}-\d{2}-1\.wav"/);
    // The chat side: the transcript's messages, in time order, on the chat the chat CTR made.
    expect(out).toContain('chat CTR       -> ok');
    expect(out).toMatch(/channel\s+web-chat/);
    expect(out).toMatch(
      /bot\s+.*Tervetuloa![\s\S]*customer\s+.*Hei, voinko[\s\S]*agent\s+Demo Agent\s+Hei! Katsotaan/,
    );
    expect(out).not.toContain('dropped');
  }, 40_000);

  it('contact show answers 404 for an unknown contact with a clear message', async () => {
    const { code, out } = await run(
      [
        join(root, 'cli', 'main.ts'),
        '--api',
        `http://127.0.0.1:${port}`,
        'contact',
        'show',
        `call-${'0'.repeat(32)}`,
        '--reason',
        'support case SC-1',
      ],
      {},
    );
    expect(code).toBe(1);
    expect(out).toContain('error 404: contact call-00000000000000000000000000000000 was not found');
  }, 30_000);

  it('N17: prints no phone number in the server output', () => {
    expect(demoNumber).not.toBe('');
    expect(output).not.toContain(demoNumber);
    expect(output).not.toContain(demoNumber.slice(4)); // national digits without +358
  });
});
