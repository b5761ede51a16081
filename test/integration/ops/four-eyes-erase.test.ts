import { allItems, queryContact, type startSystem } from '../../support/local-system';
import { opsRequest } from '../../support/ops-request';
import { DAY, nowEpoch, seedContact, startSystemWithoutAudioPipeline } from '../retention/fixtures';

/** Four-eyes erasure through the real ops handler in local mode (N16, docs/operations.md). */
describe('erase needs a second officer (four eyes)', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  const opsAs = (user: string, method: string, path: string, body?: unknown) =>
    opsRequest(system.url, method, path, body, { 'x-ops-user': user });
  const request = (user: string, number: string) =>
    opsAs(user, 'POST', '/ops/subjects/erase', { number, reason: 'erasure request ER-40' });

  beforeAll(async () => {
    system = await startSystemWithoutAudioPipeline();
  });
  afterAll(async () => system.close());

  it('N16: a request is pending and erases nothing; the requester cannot approve it; another officer can, once', async () => {
    const number = '+358405550001';
    const id = await seedContact({ name: 'four-eyes-1', number, expiresAt: nowEpoch() + DAY });

    const pending = await request('erin', number);
    expect(pending.status).toBe(202);
    expect(pending.body).toMatchObject({ status: 'pending', requestedBy: 'erin' });
    expect((await queryContact(id)).length).toBeGreaterThan(0);

    const self = await opsAs('erin', 'POST', `/ops/erasures/${pending.body.erasureId}/approve`, {});
    expect(self.status).toBe(403);
    expect((await queryContact(id)).length).toBeGreaterThan(0);

    const approved = await opsAs('frank', 'POST', `/ops/erasures/${pending.body.erasureId}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ requestedBy: 'erin', approvedBy: 'frank', erased: [id] });
    expect(await queryContact(id)).toEqual([]);

    const again = await opsAs('gina', 'POST', `/ops/erasures/${pending.body.erasureId}/approve`, {});
    expect(again.status).toBe(409);
  });

  it('N16: a pending request can be cancelled, and a cancelled one cannot be approved', async () => {
    const number = '+358405550002';
    const id = await seedContact({ name: 'four-eyes-2', number, expiresAt: nowEpoch() + DAY });
    const pending = await request('erin', number);

    const cancelled = await opsAs('erin', 'POST', `/ops/erasures/${pending.body.erasureId}/cancel`, {
      reason: 'wrong subject',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const approved = await opsAs('frank', 'POST', `/ops/erasures/${pending.body.erasureId}/approve`, {});
    expect(approved.status).toBe(409);
    expect((await queryContact(id)).length).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown request and keeps the number out of the request item and the trail', async () => {
    const unknown = await opsAs(
      'frank',
      'POST',
      '/ops/erasures/00000000-0000-4000-8000-000000000000/approve',
      {},
    );
    expect(unknown.status).toBe(404);
    const items = (await allItems()).filter((i) => /^(ERASURE|AUDIT)#/.test(String(i.pk)));
    expect(items.length).toBeGreaterThan(0);
    expect(JSON.stringify(items)).not.toMatch(/40555000[12]/);
    const trail = items.filter((i) => String(i.pk).startsWith('AUDIT#')).map((i) => i.action);
    expect(trail).toEqual(
      expect.arrayContaining([
        'subject.erase.request',
        'subject.erase',
        'subject.erase.cancel',
        'subject.erase.approve',
      ]),
    );
  });
});
