import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { localContext } from '../../../local/lambda-http';
import type { AuditEntry, AuditLog } from '../../../shared/kernel/audit';
import { StoreUnavailableError } from '../../../shared/kernel/errors';
import { createOpsApiHandler, type OpsDeps } from '../../../shared/ops/api-handler';
import { sourceIdentityOf } from '../../../shared/ops/identity';
import { apiEvent } from '../../support/api-event';

const CONTACT = `call-${'a'.repeat(32)}`;
const ROLE_ARN = 'arn:aws:sts::111122223333:assumed-role/contact-recordings-qa-reviewer/alice';

/** An audit log in memory that can be made to fail; a store that records whether it was touched. */
function setup({
  localIdentity = false,
  auditFails = false,
  roleCapabilities = {},
}: {
  localIdentity?: boolean;
  auditFails?: boolean;
  roleCapabilities?: Record<string, string>;
} = {}) {
  const entries: AuditEntry[] = [];
  const audit: AuditLog = {
    write: async (entry) => {
      if (auditFails) throw new StoreUnavailableError('the audit trail could not be written');
      entries.push(entry);
    },
    listDay: async () => entries,
    listContact: async () => entries,
  };
  const touched: string[] = [];
  const store = new Proxy(
    {},
    {
      get: (_target, prop) =>
        prop === 'then'
          ? undefined
          : async () => {
              touched.push(String(prop));
              return undefined;
            },
    },
  );
  const deps = { calls: store, chats: store, audit, localIdentity, roleCapabilities } as unknown as OpsDeps;
  const handler = createOpsApiHandler(deps);
  const call = async (event: APIGatewayProxyEventV2) => {
    const res = (await handler(event, localContext('ops-api'))) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, body: JSON.parse(String(res.body ?? '{}')) as Record<string, unknown> };
  };
  return { entries, touched, call };
}

function show(
  query: string,
  { headers = {}, userArn }: { headers?: Record<string, string>; userArn?: string } = {},
) {
  const event = apiEvent('GET /ops/contacts/{id}', { headers, pathParameters: { id: CONTACT } });
  event.rawQueryString = query;
  event.queryStringParameters = Object.fromEntries(new URLSearchParams(query));
  if (userArn) {
    (event.requestContext as unknown as { authorizer: unknown }).authorizer = { iam: { userArn } };
  }
  return event;
}

describe('ops identity (N7: nobody can pass as someone else)', () => {
  it('refuses a request without a verified IAM identity with 403 in AWS, whatever x-ops-user says', async () => {
    const { call, entries, touched } = setup();
    const res = await call(show('reason=QA%20review', { headers: { 'x-ops-user': 'the-dpo' } }));
    expect(res.status).toBe(403);
    expect(touched).toEqual([]);
    expect(entries.map((e) => [e.phase, e.who, e.outcome])).toEqual([
      ['intent', 'unverified', 'pending'],
      ['outcome', 'unverified', 'HttpError'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('the-dpo');
  });

  it('records the verified principal ARN and the session name the role trust policy pins', async () => {
    const { call, entries } = setup();
    const res = await call(
      show('reason=QA%20review', { headers: { 'x-ops-user': 'mallory' }, userArn: ROLE_ARN }),
    );
    expect(res.status).toBe(404); // the store knows no contact
    expect(entries).toEqual([
      expect.objectContaining({
        phase: 'intent',
        who: ROLE_ARN,
        sourceIdentity: 'alice',
        contactId: CONTACT,
      }),
      expect.objectContaining({ phase: 'outcome', who: ROLE_ARN, sourceIdentity: 'alice' }),
    ]);
  });

  it('honours x-ops-user only in local mode, and marks it as local', async () => {
    const { call, entries } = setup({ localIdentity: true });
    await call(show('reason=QA%20review', { headers: { 'x-ops-user': 'carol' } }));
    expect(entries[0]).toMatchObject({ who: 'carol', sourceIdentity: 'local:carol' });
  });

  it.each([
    [ROLE_ARN, 'alice'],
    [
      'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Compliance_0123/bob@example.fi',
      'bob@example.fi',
    ],
    ['arn:aws:iam::111122223333:user/ops/carol', 'carol'],
    ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:root'],
  ])('takes the source identity of %s as %s', (arn, expected) => {
    expect(sourceIdentityOf(arn)).toBe(expected);
  });
});

describe('audit trail (N7: intent before, outcome after)', () => {
  it('does not act when the intent entry cannot be written', async () => {
    const { call, touched } = setup({ localIdentity: true, auditFails: true });
    const res = await call(show('reason=QA%20review'));
    expect(res.status).toBe(503);
    expect(touched).toEqual([]);
  });

  it('writes the intent before the action and the outcome, naming the intent, after it', async () => {
    const { call, entries } = setup({ localIdentity: true });
    await call(show('reason=QA%20review'));
    const [intent, outcome] = entries;
    expect(intent).toMatchObject({
      phase: 'intent',
      action: 'contact.show',
      outcome: 'pending',
      reason: 'QA review',
    });
    expect(outcome).toMatchObject({
      phase: 'outcome',
      intentId: intent?.id,
      outcome: 'NotFoundError',
      reason: 'QA review',
    });
  });

  it('N7: refuses to show a contact without a reason (a read of personal data), and audits the refusal', async () => {
    const { call, entries, touched } = setup({ localIdentity: true });
    const res = await call(show(''));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('reason');
    expect(touched).toEqual([]);
    expect(entries.at(-1)).toMatchObject({
      phase: 'outcome',
      outcome: 'ValidationError',
      contactId: CONTACT,
    });
  });

  it('keeps the reason a failed request gave (a 404 no longer drops it)', async () => {
    const { call, entries } = setup({ localIdentity: true });
    const res = await call(show('reason=dispute%20DS-4'));
    expect(res.status).toBe(404);
    expect(entries.at(-1)).toMatchObject({
      phase: 'outcome',
      reason: 'dispute DS-4',
      detail: { status: 404 },
    });
  });

  it('never records a reason that carries a phone number, even on a failed request', async () => {
    const { call, entries } = setup({ localIdentity: true });
    await call(show(`reason=${encodeURIComponent('caller +358401234567')}`));
    expect(JSON.stringify(entries)).not.toMatch(/358401234567|0401234567/);
  });
});

describe('ops roles through the handler (N7: each role refused outside its routes)', () => {
  const roles = {
    'contact-recordings-qa-reviewer': 'qaReviewer',
    'contact-recordings-dpo': 'dataProtectionOfficer',
  };
  const DPO_ARN = 'arn:aws:sts::111122223333:assumed-role/contact-recordings-dpo/dora';

  it('refuses a stack ops role on a route of another capability with 403, before anything is read', async () => {
    const { call, entries, touched } = setup({ roleCapabilities: roles });
    const res = await call(show('reason=QA%20review', { userArn: DPO_ARN }));
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).toContain('needs the qaReviewer role');
    expect(touched).toEqual([]);
    expect(entries.at(-1)).toMatchObject({
      phase: 'outcome',
      who: DPO_ARN,
      outcome: 'HttpError',
      detail: { status: 403 },
    });
  });

  it('lets the role in on its own routes', async () => {
    const { call } = setup({ roleCapabilities: roles });
    const res = await call(show('reason=QA%20review', { userArn: ROLE_ARN }));
    expect(res.status).toBe(404); // reached the store, which knows no such contact
  });
});
