import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_NAMES } from '../../../local/emulators';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { allItems, type startSystem } from '../../support/local-system';
import { startSystemWithoutAudioPipeline } from '../retention/fixtures';

describe('dead-letter queues through the ops API (dlq list|redrive)', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  const root = join(__dirname, '..', '..', '..');
  const cli = async (...args: string[]) =>
    (
      await promisify(execFile)(
        join(root, 'node_modules', '.bin', 'tsx'),
        [join(root, 'cli', 'main.ts'), '--api', system.url, '--user', 'dave', '--json', ...args],
        { cwd: root },
      )
    ).stdout;
  // Each request writes an intent entry before it acts and an outcome entry after (issue 13); these
  // tests look at the outcomes.
  const auditOf = async (action: string) =>
    (await allItems()).filter(
      (i) => String(i.pk).startsWith('AUDIT#') && i.action === action && i.phase === 'outcome',
    );

  beforeAll(async () => {
    system = await startSystemWithoutAudioPipeline();
  });
  afterAll(async () => {
    await system.close();
  });

  it('N7: lists, dry-runs and redrives a dead-letter queue back to its source, each call audited with who and why', async () => {
    // Prepare: a survey job for a contact that no longer exists (the sender drops it) was parked.
    const surveys = system.emulators.sqs.queue(LOCAL_NAMES.surveyQueue);
    const job = { contactId: contactIdFor('call', 'acme', 'gone-1'), notBefore: new Date().toISOString() };
    surveys.deadLetters.push({ messageId: 'm-1', body: JSON.stringify(job), visibleAt: 0, receiveCount: 5 });

    // Act
    const listed = JSON.parse(await cli('dlq', 'list'));
    const dry = JSON.parse(
      await cli('dlq', 'redrive', 'survey-jobs', '--dry-run', '--reason', 'check before redrive'),
    );
    const afterDry = surveys.deadLetters.length;
    const done = JSON.parse(await cli('dlq', 'redrive', 'survey-jobs', '--reason', 'sender fixed'));
    await surveys.drained({ timeoutMs: 15_000 });

    // Assess
    expect(listed).toEqual(
      expect.arrayContaining([
        { queue: 'survey-jobs', messages: 1, redrive: 'source' },
        { queue: 'recording-fetch', messages: 0, redrive: 'source' },
        { queue: 'subject-export', messages: 0, redrive: 'source' },
      ]),
    );
    expect(dry).toEqual({ queue: 'survey-jobs', dryRun: true, messages: 1 });
    expect(afterDry).toBe(1);
    expect(done).toEqual({ queue: 'survey-jobs', dryRun: false, messages: 1 });
    expect(surveys.deadLetters).toHaveLength(0);
    expect(surveys.messages).toHaveLength(0);
    const [dryAudit] = await auditOf('dlq.redrive-dry-run');
    const [redriveAudit] = await auditOf('dlq.redrive');
    expect(dryAudit).toMatchObject({ who: 'dave', reason: 'check before redrive', outcome: 'ok' });
    expect(redriveAudit).toMatchObject({
      who: 'dave',
      reason: 'sender fixed',
      outcome: 'ok',
      detail: { queue: 'survey-jobs', dryRun: false, messages: 1 },
    });
    expect(await auditOf('dlq.list')).toHaveLength(1);
  }, 60_000);

  it('refuses an unknown queue (404) and a redrive without a reason (400), audited as failures', async () => {
    const post = (queue: string, body: unknown) =>
      fetch(`${system.url}/ops/dead-letters/${queue}/redrive`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ops-user': 'dave' },
        body: JSON.stringify(body),
      });
    expect((await post('no-such-queue', { reason: 'test' })).status).toBe(404);
    expect((await post('survey-jobs', {})).status).toBe(400);
    const failures = (await allItems()).filter(
      (i) =>
        String(i.pk).startsWith('AUDIT#') &&
        i.action === 'dlq.redrive' &&
        i.phase === 'outcome' &&
        i.outcome !== 'ok',
    );
    expect(failures).toHaveLength(2);
  });
});
