import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runSmoke } from '../../../cli/smoke';
import { allItems, queryContact, startSystem } from '../../support/local-system';
import { TEST_SECRET } from '../../support/webhooks';

/** The post-deploy smoke test (`npm run smoke -- --local`) against the local system, so it cannot rot. */
describe('smoke test against the local system', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  const root = join(__dirname, '..', '..', '..');
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.close();
  });

  it('N7, N13, N16: `npm run smoke -- --local` sends a signed call, reads it back, sees its expiry and erases it', async () => {
    // Act
    const { stdout } = await promisify(execFile)(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'cli', 'smoke.ts'), '--local', '--api', system.url, '--platform', 'acme-cc'],
      { cwd: root, env: { ...process.env, LOCAL_WEBHOOK_SECRET: TEST_SECRET } },
    );
    // Assess
    expect(stdout).toContain('5/5 check the audit trail (N7)');
    const contactId = /ok: (call-[0-9a-f]{32}) stored/.exec(stdout)?.[1] ?? '';
    expect(contactId).not.toBe('');
    expect(await queryContact(contactId)).toEqual([]);
  }, 60_000);

  it('N7, N17: leaves an audited trace (read, erase, receipt) and no phone number in it', async () => {
    // Act
    const result = await runSmoke(
      {
        api: system.url,
        region: 'eu-north-1',
        webhookSecret: TEST_SECRET,
        platform: 'acme-cc',
        user: 'smoke-ci',
        approver: 'smoke-ci-approver',
      },
      () => undefined,
    );
    // Assess
    expect(result.erased).toEqual([result.contactId]);
    expect(Date.parse(result.expiresAt)).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    const trail = (await allItems()).filter((i) => /^(AUDIT|RECEIPT)#/.test(String(i.pk)));
    expect(trail.filter((i) => i.who === 'smoke-ci').map((i) => i.action)).toEqual(
      expect.arrayContaining(['contact.show', 'subject.erase', 'audit.list']),
    );
    expect(
      trail.some(
        (i) => String(i.pk).startsWith('RECEIPT#') && (i.contactIds as string[])?.includes(result.contactId),
      ),
    ).toBe(true);
    expect(JSON.stringify(trail)).not.toMatch(/\+?1?\s?202\s?555\s?01\d{2}/);
  }, 60_000);
});
