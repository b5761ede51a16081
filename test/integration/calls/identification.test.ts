import { localContext } from '../../../local/lambda-http';
import type { SignedWebhookEvent } from '../../../shared/http/signed-webhook';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { apiEvent } from '../../support/api-event';
import { expireContact, getItem, queryContact, startSystem } from '../../support/local-system';
import { callHandlerLoggingAtInfo } from '../../support/logging-call-handler';
import { readZipEntries } from '../../support/unzip';
import { postSigned, signedHeaders } from '../../support/webhooks';
import { waitForExport } from '../subjects/exports';

let system: Awaited<ReturnType<typeof startSystem>>;
let url: string;
beforeAll(async () => {
  system = await startSystem();
  url = `${system.url}/webhooks/acme-cc/calls`;
});
afterAll(async () => system.close());

const ops = async (method: string, path: string, body?: unknown, user = 'carol') => {
  const response = await fetch(`${system.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-ops-user': user },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the routes answer with different JSON shapes
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};
const meta = (contactId: string) => getItem(`CONTACT#${contactId}`, 'META');

let n = 0;
/** A call from `number`, `minutesAgo` minutes ago, and an identification event on it. */
function newCall(number = '+358405550001', minutesAgo = 10) {
  const callId = `CA-id-${Date.now()}-${++n}`;
  const ref = { provider: 'acme-cc', callId };
  const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const identifiedAt = at(minutesAgo - 2);
  return {
    contactId: contactIdFor('call', 'acme-cc', callId),
    identifiedAt,
    started: {
      type: 'call.started',
      data: { ...ref, direction: 'inbound', from: number, to: '+358968298003', startedAt: at(minutesAgo) },
    },
    answered: { type: 'call.answered', data: { ...ref, answeredAt: at(minutesAgo - 1) } },
    ended: { type: 'call.ended', data: { ...ref, endedAt: at(minutesAgo - 5) } },
    identified: (over: Record<string, unknown> = {}) => ({
      type: 'call.identified',
      data: {
        ...ref,
        method: 'bank-id',
        identifiedAt,
        result: 'verified',
        agent: 'agent-042',
        providerReference: 'idp-tx-7f3a91c2',
        ...over,
      },
    }),
  };
}
const identification = (call: ReturnType<typeof newCall>, over: Record<string, unknown> = {}) => ({
  method: 'bank-id',
  identifiedAt: call.identifiedAt,
  result: 'verified',
  agent: 'agent-042',
  providerReference: 'idp-tx-7f3a91c2',
  ...over,
});

describe('call.identified (N8: identification outcome, never identity data)', () => {
  it('N8: stores the outcome on the call and shows it in contact show', async () => {
    const call = newCall();
    for (const e of [call.started, call.answered, call.identified(), call.ended]) {
      expect((await postSigned(url, e)).status).toBe(200);
    }

    const shown = await ops('GET', `/ops/contacts/${call.contactId}?reason=dispute%20DS-7`);

    expect(await meta(call.contactId)).toMatchObject({ identifications: [identification(call)] });
    expect(shown.status).toBe(200);
    expect(shown.body.identifications).toEqual([identification(call)]);
  });

  it('N8: is idempotent and order-independent: before call.started, twice, with a failed attempt', async () => {
    const call = newCall();
    const failed = call.identified({
      method: 'knowledge-questions',
      result: 'failed',
      identifiedAt: call.identifiedAt.replace(/\d\d\.\d{3}Z$/, '00.000Z'),
      providerReference: 'kq-0001',
    });
    const first = await postSigned(url, call.identified());
    const again = await postSigned(url, call.identified());
    await postSigned(url, call.started);
    await postSigned(url, failed);
    await postSigned(url, call.ended);

    expect(first.body).toMatchObject({ outcome: 'created' });
    expect(again.body).toMatchObject({ outcome: 'unchanged' });
    const stored = (await meta(call.contactId))?.identifications as Record<string, unknown>[];
    expect(stored).toHaveLength(2);
    expect(stored).toEqual(
      expect.arrayContaining([
        identification(call),
        expect.objectContaining({ result: 'failed', method: 'knowledge-questions' }),
      ]),
    );
  });

  it.each([
    [
      'a henkilötunnus as the provider reference',
      { providerReference: '131052-308T' },
      'data.providerReference',
      '131052-308T',
    ],
    [
      'a henkilötunnus inside an opaque-looking reference',
      { providerReference: 'tx:131052A308T' },
      'data.providerReference',
      '131052A308T',
    ],
    ['a name as the agent', { agent: 'Matti Meikäläinen' }, 'data.agent', 'Meikäläinen'],
    [
      'a name in a field the contract does not know',
      { customer: 'Anna-Liisa Virtanen' },
      'data.customer',
      'Virtanen',
    ],
    ['a birth date in a field the contract does not know', { note: 'born 14.03.1985' }, 'data.note', '1985'],
    ['a birth-date field', { birthDate: '1985-03-14' }, 'data.birthDate', '1985-03-14'],
    ['a henkilötunnus field', { hetu: '010203-123A' }, 'data.hetu', '010203-123A'],
  ])(
    'N8: refuses %s with 400 naming the field, never echoing or storing it',
    async (_what, over, path, value) => {
      const call = newCall();
      await postSigned(url, call.started);
      const before = await meta(call.contactId);
      const lines: string[] = [];
      const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
      let res: Awaited<ReturnType<typeof postSigned>>;
      try {
        res = await postSigned(url, call.identified(over));
      } finally {
        write.mockRestore();
      }

      expect(res.status).toBe(400);
      const issues = (res.body.error as { issues: { path: string; message: string }[] }).issues;
      expect(issues.map((i) => i.path)).toContain(path);
      expect(issues.find((i) => i.path === path)?.message).toMatch(/identity data is never accepted/);
      expect(JSON.stringify(res.body)).not.toContain(value);
      expect(await meta(call.contactId)).toEqual(before);
      expect(JSON.stringify(await queryContact(call.contactId))).not.toContain(value);
    },
  );

  it('N8: refuses an unknown method or result with 400 naming the field', async () => {
    const call = newCall();
    const res = await postSigned(url, call.identified({ method: 'passport', result: 'maybe' }));
    expect(res.status).toBe(400);
    const issues = (res.body.error as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['data.method', 'data.result']);
    expect(await meta(call.contactId)).toBeUndefined();
  });

  it('N8/N13: an identification of a call past its 12 months answers expired and stores nothing', async () => {
    const call = newCall('+358405550002', 13 * 31 * 24 * 60);
    const res = await postSigned(url, call.identified());
    expect(res.body).toMatchObject({ outcome: 'expired' });
    expect(await queryContact(call.contactId)).toEqual([]);
  });

  it('N8/N13: a late identification of an expired (not yet swept) call does not bring it back', async () => {
    const call = newCall();
    await postSigned(url, call.started);
    await expireContact(call.contactId);
    const before = await meta(call.contactId);
    const res = await postSigned(url, call.identified());
    expect(res.body).toMatchObject({ outcome: 'expired' });
    expect(await meta(call.contactId)).toEqual(before);
  });

  it('N8/N9/N16: travels with the call: exported, kept under hold, erased with it', async () => {
    const number = '+358405550003';
    const call = newCall(number);
    for (const e of [call.started, call.answered, call.identified(), call.ended]) await postSigned(url, e);

    // Exported (N16)
    const started = await ops('POST', '/ops/subjects/export', { number, reason: 'access request AR-41' });
    const finished = await waitForExport((path) => ops('GET', path), started.body.exportId);
    const zip = await readZipEntries(
      Buffer.from(await (await fetch(String(finished.body.url))).arrayBuffer()),
    );
    const records = JSON.parse(zip.get(`contacts/${call.contactId}/records.json`)?.toString() ?? '[]');
    expect(records.find((r: { sk: string }) => r.sk === 'META')?.identifications).toEqual([
      identification(call),
    ]);

    // Held (N9): the hold keeps it, and it is still shown
    expect(
      (await ops('POST', `/ops/contacts/${call.contactId}/hold`, { reason: 'dispute DS-41' })).status,
    ).toBe(200);
    expect(await meta(call.contactId)).toMatchObject({ identifications: [identification(call)] });
    expect(
      (await ops('POST', `/ops/contacts/${call.contactId}/release`, { reason: 'dispute DS-41 settled' }))
        .status,
    ).toBe(200);

    // Erased with the call (N16)
    // Four eyes: carol requests, dana approves.
    const requested = await ops('POST', '/ops/subjects/erase', { number, reason: 'erasure request ER-41' });
    expect(requested.status).toBe(202);
    const erased = await ops('POST', `/ops/erasures/${requested.body.erasureId}/approve`, {}, 'dana');
    expect(erased.status).toBe(200);
    expect(await queryContact(call.contactId)).toEqual([]);
  }, 30_000);

  it('N8/N9: subject search --identified finds only calls with a verified identification in the period', async () => {
    const number = '+358405550004';
    const verified = newCall(number, 30);
    const failedOnly = newCall(number, 20);
    const none = newCall(number, 10);
    for (const e of [
      verified.started,
      verified.identified(),
      failedOnly.started,
      failedOnly.identified({ result: 'failed' }),
      none.started,
    ]) {
      await postSigned(url, e);
    }
    const search = (body: Record<string, unknown>) =>
      ops('POST', '/ops/subjects/search', { number, reason: 'dispute DS-52', ...body });

    const all = await search({});
    const identified = await search({ identified: 'verified' });
    const later = await search({
      identified: 'verified',
      from: new Date(Date.now() - 15 * 60_000).toISOString(),
    });
    const bad = await search({ identified: 'yes' });

    expect(all.body.contacts.map((c: { contactId: string }) => c.contactId).sort()).toEqual(
      [verified.contactId, failedOnly.contactId, none.contactId].sort(),
    );
    expect(identified.body.contacts).toEqual([
      expect.objectContaining({
        contactId: verified.contactId,
        identifications: [{ method: 'bank-id', identifiedAt: verified.identifiedAt, result: 'verified' }],
      }),
    ]);
    expect(later.body.contacts).toEqual([]);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('identified');
  });

  it('N8/N17: logs the refusal but never the identity data it refused', async () => {
    const handler = await callHandlerLoggingAtInfo();
    const call = newCall();
    const body = JSON.stringify(
      call.identified({ providerReference: '131052-308T', agent: 'Matti Meikäläinen', dob: '14.03.1985' }),
    );
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    let res: { statusCode: number; body: string };
    try {
      res = (await handler(
        apiEvent('POST /webhooks/acme-cc/calls', {
          body,
          headers: signedHeaders(body),
        }) as SignedWebhookEvent,
        localContext('call-events'),
      )) as { statusCode: number; body: string };
    } finally {
      write.mockRestore();
    }
    const logged = lines.join('');
    expect(res.statusCode).toBe(400);
    expect(logged).toContain('request rejected');
    for (const secret of ['131052', '308T', 'Matti', 'Meikäläinen', '1985']) {
      expect(logged).not.toContain(secret);
      expect(res.body).not.toContain(secret);
    }
  });
});
