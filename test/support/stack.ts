import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { App, type AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import type { StackConfig } from '../../infra/config';
import { DEFAULT_REGION } from '../../infra/regions';
import { ContactRecordingsStack } from '../../infra/stack';
import { RUN_DIR_ENV } from '../infra/run-dir';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function runDir(): string {
  const dir = process.env[RUN_DIR_ENV];
  if (!dir) throw new Error(`${RUN_DIR_ENV} is not set: run the infra tests through jest.config.js`);
  return dir;
}

/** An App whose cloud assembly goes under this run's scratch directory, not a new `$TMPDIR/cdk.out*`. */
export function testApp(props: AppProps = {}): App {
  return new App({ outdir: mkdtempSync(path.join(runDir(), 'cdk.out-')), ...props });
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Each distinct stack configuration is synthesised once per run: the infra globalSetup (for the
 * configurations it lists) or else the first test file that needs it synthesises it (cdk-nag and
 * the other validations included, which throw on findings) and writes the template to the run
 * directory; every other file, in any worker, parses that file.
 * A failed synthesis writes nothing, so every file that needs it fails with the same error.
 * Each call returns its own Template, so no test can change another's.
 */
function templateOnce(key: string, synth: () => Template): Template {
  const dir = path.join(runDir(), 'templates');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${createHash('sha256').update(key).digest('hex')}.json`);
  const lock = `${file}.lock`;
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    if (existsSync(file)) return Template.fromJSON(JSON.parse(readFileSync(file, 'utf8')));
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Another worker is synthesising this configuration: wait for its template.
    }
    if (fd !== undefined || Date.now() > deadline) {
      try {
        const template = synth();
        writeFileSync(`${file}.${process.pid}`, JSON.stringify(template.toJSON()));
        renameSync(`${file}.${process.pid}`, file);
        return template;
      } finally {
        if (fd !== undefined) {
          closeSync(fd);
          rmSync(lock, { force: true });
        }
      }
    }
    sleep(50);
  }
}

const keyOf = (kind: string, values: Record<string, unknown>) =>
  JSON.stringify([kind, Object.entries(values).sort(([a], [b]) => a.localeCompare(b))]);

/**
 * The real app (cdk-nag included) for this context, functions not bundled. The app and stack are
 * built fresh for each call (for logical ids and token resolution); the template is synthesised
 * once per run per context (see templateOnce).
 */
export function synthStack(context: Record<string, string | number> = {}): {
  app: App;
  stack: ContactRecordingsStack;
  template: Template;
} {
  const app = buildApp(testApp({ context: { ...NO_BUNDLING, ...context } }));
  const stack = app.node.findChild('ContactRecordings') as ContactRecordingsStack;
  return { app, stack, template: templateOnce(keyOf('app', context), () => Template.fromStack(stack)) };
}

/** The stack on its own (no buildApp, so no context and no cdk-nag) with this config, in eu-north-1. */
export function synthStackWith(config: StackConfig): { stack: ContactRecordingsStack; template: Template } {
  const stack = new ContactRecordingsStack(testApp({ context: NO_BUNDLING }), 'ContactRecordings', {
    env: { region: DEFAULT_REGION },
    config,
  });
  return { stack, template: templateOnce(keyOf('stack', config), () => Template.fromStack(stack)) };
}
