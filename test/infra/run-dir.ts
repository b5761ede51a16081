import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * One scratch directory per infra test run (jest globalSetup/globalTeardown of the infra
 * project): every test App's cloud assembly and the per-run template cache live in it, so a run
 * leaves no `$TMPDIR/cdk.out*` behind. Workers find it through this environment variable.
 */
export const RUN_DIR_ENV = 'CONTACT_RECORDINGS_INFRA_RUN_DIR';
const PREFIX = 'contact-recordings-infra-';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function createRunDir(): string {
  // Runs that were killed before their teardown: remove their directories too.
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.startsWith(PREFIX) ? name.slice(PREFIX.length).split('-')[0] : Number.NaN);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid))
      rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
  }
  const dir = mkdtempSync(path.join(tmpdir(), `${PREFIX}${process.pid}-`));
  process.env[RUN_DIR_ENV] = dir;
  return dir;
}

export function removeRunDir(): void {
  const dir = process.env[RUN_DIR_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
  delete process.env[RUN_DIR_ENV];
}
