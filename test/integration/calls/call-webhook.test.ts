import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { LOCAL_NAMES } from '../../../local/emulators';
import { localContext } from '../../../local/lambda-http';
import { DynamoCallStore } from '../../../shared/calls/dynamo-call-store';
import { createCallWebhookHandler } from '../../../shared/calls/webhook-handler';
import { webhookIdempotency } from '../../../shared/http/dynamo-idempotency';
import type { SignedWebhookEvent } from '../../../shared/http/signed-webhook';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { expiryFrom } from '../../../shared/kernel/expiry';
import { subjectKey } from '../../../shared/kernel/pseudonym';
import { s3Client } from '../../../shared/kernel/s3-client';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { DynamoRetentionStore } from '../../../shared/retention/dynamo-retention-store';
import { S3ContactObjects } from '../../../shared/retention/s3-contact-objects';
import { sweepExpired } from '../../../shared/retention/sweep';
import { apiEvent } from '../../support/api-event';
import { allItems, expireContact, getItem, queryContact, startSystem } from '../../support/local-system';
import { callHandlerLoggingAtInfo } from '../../support/logging-call-handler';
import { postSigned, signedHeaders, TEST_PEPPER, TEST_SECRET } from '../../support/webhooks';

let system: Awaited<ReturnType<typeof startSystem>>;
let url: string;
beforeAll(async () => {
  system = await startSystem();
  url = `${system.url}/webhooks/acme-cc/calls`;
});
afterAll(async () => system.close());

let n = 0;
/** A fresh call for each test, so tests do not see each other's records. */
function newCall() {
  const callId = `CA-${Date.now()}-${++n}`;
  const ref = { provider: 'acme-cc', callId };
  const startedAt = new Date(Date.now() - 10 * 60_000).toISOString();
  const answeredAt = new Date(Date.now() - 9 * 60_000).toISOString();
  const endedAt = new Date(Date.now() - 60_000).toISOString();
  return {
    contactId: contactIdFor('call', 'acme-cc', callId),
    startedAt,
    answeredAt,
    endedAt,
    started: {
      type: 'call.started',
      data: { ...ref, direction: 'inbound', from: '040 123 4567', to: '+358 9 6829 8003', startedAt },
    },
    answered: { type: 'call.answered', data: { ...ref, answeredAt } },
    ended: { type: 'call.ended', data: { ...ref, endedAt } },
  };
}
const meta = async (contactId: string) => getItem(contactPk(contactId), META);
/** What a reader sees: the record without storage bookkeeping. */
const visible = (item: Record<string, unknown> | undefined) => {
  const { version: _version, ...rest } = item ?? {};
  return rest;
};

describe('POST /webhooks/acme-cc/calls', () => {
  describe('authentication (N17)', () => {
    it('rejects a request without signature headers with 401 and stores nothing', async () => {
      const call = newCall();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(call.started),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
        'missing Standard Webhooks header(s): webhook-id, webhook-timestamp, webhook-signature',
      );
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('rejects a body signed with another secret with 401 and stores nothing', async () => {
      const call = newCall();
      const other = 'whsec_b3RoZXItc2VjcmV0LW5vdC1zaGFyZWQtd2l0aC11cy0xMjM0NTY=';
      const res = await postSigned(url, call.started, { secret: other });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        error: expect.objectContaining({ message: expect.stringContaining('signature does not verify') }),
      });
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('rejects a body changed after signing (the signature covers the raw bytes)', async () => {
      const call = newCall();
      const body = JSON.stringify(call.started);
      const headers = signedHeaders(body);
      const tampered = body.replace('040 123 4567', '040 765 4321');
      const res = await fetch(url, { method: 'POST', headers, body: tampered });
      expect(res.status).toBe(401);
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('rejects a timestamp more than 5 minutes old with 401', async () => {
      const call = newCall();
      const res = await postSigned(url, call.started, { at: new Date(Date.now() - 6 * 60_000) });
      expect(res.status).toBe(401);
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('rejects a timestamp more than 5 minutes in the future with 401', async () => {
      const res = await postSigned(url, newCall().started, { at: new Date(Date.now() + 6 * 60_000) });
      expect(res.status).toBe(401);
    });

    it.each([
      ['trailing letters', (t: string) => `${t}abc`],
      ['a sign', (t: string) => `+${t}`],
      ['a fraction', (t: string) => `${t}.0`],
      ['an exponent', (t: string) => `${t}e0`],
    ])(
      'N17: rejects a webhook-timestamp with %s with 401, though the signature matches its digits',
      async (_, mangle) => {
        const call = newCall();
        const body = JSON.stringify(call.started);
        const headers = signedHeaders(body);
        headers['webhook-timestamp'] = mangle(headers['webhook-timestamp'] as string);
        const res = await fetch(url, { method: 'POST', headers, body });
        expect(res.status).toBe(401);
        expect(JSON.stringify(await res.json())).toContain('digits only');
        expect(await meta(call.contactId)).toBeUndefined();
      },
    );
  });

  describe('bad input', () => {
    it('rejects a body over 64 KB with 413 before reading it', async () => {
      const call = newCall();
      const res = await postSigned(url, { ...call.started, padding: 'x'.repeat(70 * 1024) });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        error: expect.objectContaining({ message: expect.stringMatching(/at most 65536 bytes/) }),
      });
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('rejects a non-JSON content type with 415', async () => {
      const body = 'type=call.started';
      const headers = { ...signedHeaders(body), 'content-type': 'application/x-www-form-urlencoded' };
      const res = await fetch(url, { method: 'POST', headers, body });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
        'content-type must be application/json, got application/x-www-form-urlencoded',
      );
    });

    it('rejects a body that is not JSON with 415', async () => {
      const body = '{"type": "call.started",';
      const res = await fetch(url, { method: 'POST', headers: signedHeaders(body), body });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
        'body is not valid JSON',
      );
    });

    it('rejects an unknown event type with 400 naming the known ones', async () => {
      const res = await postSigned(url, { type: 'call.parked', data: {} });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('expected one of call.started, call.answered, call.ended');
    });

    it('rejects invalid fields with 400 and a message per field', async () => {
      const call = newCall();
      const res = await postSigned(url, {
        ...call.started,
        data: { ...call.started.data, direction: 'sideways', startedAt: 'noon' },
      });
      expect(res.status).toBe(400);
      const issues = (res.body.error as { issues: { path: string; message: string }[] }).issues;
      expect(issues.map((i) => i.path)).toEqual(['data.direction', 'data.startedAt']);
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('rejects an invalid phone number with 400 without echoing it', async () => {
      const call = newCall();
      const res = await postSigned(url, {
        ...call.started,
        data: { ...call.started.data, from: '+358 987' },
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('data.from is not a valid phone number');
      expect(JSON.stringify(res.body)).not.toContain('987');
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('N15: rejects two invalid numbers with 400 listing both fields, echoing neither', async () => {
      const call = newCall();
      const res = await postSigned(url, {
        ...call.started,
        data: { ...call.started.data, from: '+358 987', to: '12345678901234' },
      });
      expect(res.status).toBe(400);
      const issues = (res.body.error as { issues: { path: string; message: string }[] }).issues;
      expect(issues.map((i) => i.path)).toEqual(['data.from', 'data.to']);
      expect(issues.every((i) => i.message.startsWith('not a valid phone number'))).toBe(true);
      expect(JSON.stringify(res.body)).not.toMatch(/987|12345678901234/);
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('N15: lists a bad number together with a bad schema field in one 400', async () => {
      const call = newCall();
      const res = await postSigned(url, {
        ...call.started,
        data: { ...call.started.data, to: '+358 987', startedAt: 'noon' },
      });
      expect(res.status).toBe(400);
      const issues = (res.body.error as { issues: { path: string; message: string }[] }).issues;
      expect(issues.map((i) => i.path).sort()).toEqual(['data.startedAt', 'data.to']);
      expect(JSON.stringify(res.body)).not.toContain('987');
      expect(await meta(call.contactId)).toBeUndefined();
    });

    it('rejects a bad event for a stored call and leaves the stored record unchanged', async () => {
      const call = newCall();
      await postSigned(url, call.started);
      const before = await meta(call.contactId);
      const res = await postSigned(url, {
        ...call.ended,
        data: { ...call.ended.data, endedAt: '2000-01-01T00:00:00Z' },
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('endedAt (2000-01-01T00:00:00.000Z) is before startedAt');
      expect(await meta(call.contactId)).toEqual(before);
    });
  });

  describe('what is stored', () => {
    it('N1/N2/N3: stores start, answer and end times, caller and service numbers in E.164, and direction', async () => {
      const call = newCall();
      for (const event of [call.started, call.answered, call.ended]) {
        expect((await postSigned(url, event)).status).toBe(200);
      }
      expect(visible(await meta(call.contactId))).toEqual({
        pk: `CONTACT#${call.contactId}`,
        sk: 'META',
        kind: 'call',
        contactId: call.contactId,
        provider: 'acme-cc',
        providerCallId: call.started.data.callId,
        direction: 'inbound',
        customerNumber: '+358401234567',
        serviceNumber: '+358968298003',
        startedAt: call.startedAt,
        answeredAt: call.answeredAt,
        endedAt: call.endedAt,
        ...expiryFrom(call.endedAt, 12),
        gsi1pk: `SUBJECT#${subjectKey('+358401234567', TEST_PEPPER)}`,
        gsi1sk: call.startedAt,
        gsi2pk: `EXP#${expiryFrom(call.endedAt, 12).expiresOn}`,
        gsi2sk: expiryFrom(call.endedAt, 12).expiresAt,
      });
    });

    it('N15: drops fields the notice does not list before storage', async () => {
      const call = newCall();
      const res = await postSigned(url, {
        ...call.started,
        customerSsn: '010101-123A',
        data: {
          ...call.started.data,
          callerName: 'Matti Meikäläinen',
          customerSsn: '010101-123A',
          notes: 'VIP',
        },
      });
      expect(res.status).toBe(200);
      const everything = JSON.stringify(await allItems());
      for (const value of ['Matti', '010101-123A', 'VIP', 'callerName', 'customerSsn', 'notes']) {
        expect(everything).not.toContain(value);
      }
    });

    it('N17: puts no phone number in any key', async () => {
      const call = newCall();
      await postSigned(url, call.started);
      const item = await meta(call.contactId);
      for (const key of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk']) {
        expect(String(item?.[key])).not.toMatch(/358401234567|0401234567/);
      }
    });

    it('stores a withheld caller as withheld', async () => {
      const call = newCall();
      const res = await postSigned(url, {
        ...call.started,
        data: { ...call.started.data, from: 'anonymous' },
      });
      expect(res.status).toBe(200);
      const item = await meta(call.contactId);
      expect(item).toMatchObject({ customerWithheld: true });
      expect(item).not.toHaveProperty('customerNumber');
      expect(item).not.toHaveProperty('gsi1pk');
    });
  });

  describe('idempotency', () => {
    it('answers a replayed webhook-id with the first answer and changes nothing', async () => {
      const call = newCall();
      const id = `msg_replay_${call.contactId}`;
      const first = await postSigned(url, call.started, { id });
      const before = await meta(call.contactId);
      const replay = await postSigned(url, call.started, { id });
      expect(replay).toEqual(first);
      expect(await meta(call.contactId)).toEqual(before);
    });

    it('answers concurrent deliveries of one webhook-id all with the first answer, and a replay after the burst too', async () => {
      const call = newCall();
      const id = `msg_concurrent_${call.contactId}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, () => postSigned(url, call.started, { id })),
      );
      const first = { status: 200, body: { contactId: call.contactId, outcome: 'created' } };
      expect(results).toEqual(Array.from({ length: 20 }, () => first));
      expect(await postSigned(url, call.started, { id })).toEqual(first);
      expect(await meta(call.contactId)).toMatchObject({ startedAt: call.startedAt, version: 1 });
    });

    it('converges when duplicates arrive with new webhook-ids', async () => {
      const call = newCall();
      await postSigned(url, call.started);
      await postSigned(url, call.ended);
      const before = await meta(call.contactId);
      const again = await postSigned(url, call.ended);
      expect(again.body).toMatchObject({ outcome: 'unchanged' });
      expect(await meta(call.contactId)).toEqual(before);
    });

    it('converges when call.ended arrives before call.answered and call.started', async () => {
      const inOrder = newCall();
      for (const e of [inOrder.started, inOrder.answered, inOrder.ended]) await postSigned(url, e);
      const reversed = { ...newCall() };
      const swap = (e: { data: object }) => ({
        ...e,
        data: { ...e.data, callId: reversed.started.data.callId },
      });
      // Same times as the in-order call, other call id, events in reverse order.
      for (const e of [inOrder.ended, inOrder.answered, inOrder.started]) await postSigned(url, swap(e));
      const a = visible(await meta(inOrder.contactId));
      const b = visible(await meta(reversed.contactId));
      const strip = ({ pk: _p, contactId: _c, providerCallId: _i, ...rest }: Record<string, unknown>) => rest;
      expect(strip(b)).toEqual(strip(a));
      expect(b).toMatchObject({ endedAt: inOrder.endedAt, ...expiryFrom(inOrder.endedAt, 12) });
    });

    it('handles concurrent deliveries of different events for one call without losing any', async () => {
      const call = newCall();
      const results = await Promise.all(
        [call.started, call.answered, call.ended].map((e) => postSigned(url, e)),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(await meta(call.contactId)).toMatchObject({
        startedAt: call.startedAt,
        answeredAt: call.answeredAt,
        endedAt: call.endedAt,
        customerNumber: '+358401234567',
      });
    });
  });

  describe('expiry (N13)', () => {
    it('N13: sets the expiry to the call end + 12 months, provisional from the start until then', async () => {
      const call = newCall();
      await postSigned(url, call.started);
      expect(await meta(call.contactId)).toMatchObject(expiryFrom(call.startedAt, 12));
      await postSigned(url, call.ended);
      expect(await meta(call.contactId)).toMatchObject(expiryFrom(call.endedAt, 12));
    });

    it('N13: never serves an expired call, even before DynamoDB has deleted it', async () => {
      // Stored while live; then its 12 months pass (the stored expiry is moved into the past).
      const call = newCall();
      await postSigned(url, call.started);
      await postSigned(url, call.ended);
      await expireContact(call.contactId);
      expect(await meta(call.contactId)).toBeDefined(); // physically still there
      const store = new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable);
      expect(await store.findLiveCall(call.contactId)).toBeUndefined();
      const shown = await fetch(`${system.url}/ops/contacts/${call.contactId}?reason=check`);
      expect(shown.status).toBe(404);
    });

    it('N13: ignores a late event for an expired call instead of reviving it', async () => {
      const call = newCall();
      await postSigned(url, call.started);
      await expireContact(call.contactId);
      const before = await meta(call.contactId);
      const late = await postSigned(url, call.ended);
      expect(late).toEqual({ status: 200, body: { contactId: call.contactId, outcome: 'expired' } });
      expect(await meta(call.contactId)).toEqual(before);
    });

    it('N13: refuses a call.started whose expiry is already past (13 months old) and stores nothing', async () => {
      const old = new Date(Date.now() - 13 * 31 * 24 * 3600_000).toISOString();
      const ref = { provider: 'acme-cc', callId: `CA-old-${Date.now()}` };
      const contactId = contactIdFor('call', ref.provider, ref.callId);
      const res = await postSigned(url, {
        type: 'call.started',
        data: { ...ref, direction: 'inbound', from: '0401234567', to: '0968298003', startedAt: old },
      });
      expect(res).toEqual({ status: 200, body: { contactId, outcome: 'expired' } });
      expect(await queryContact(contactId)).toEqual([]);
    });

    it('N13: a late call.ended after the sweep deleted the contact answers expired and does not bring it back', async () => {
      // A call that ended 12 months and a day ago, stored while it was live, then swept.
      const endedAt = new Date(Date.now() - (366 + 1) * 24 * 3600_000).toISOString();
      const startedAt = new Date(Date.parse(endedAt) - 5 * 60_000).toISOString();
      const ref = { provider: 'acme-cc', callId: `CA-swept-${Date.now()}` };
      const contactId = contactIdFor('call', ref.provider, ref.callId);
      const yearAgo = createCallWebhookHandler({
        signingSecrets: async () => [TEST_SECRET],
        pepper: async () => TEST_PEPPER,
        retentionMonths: 12,
        defaultCountry: 'FI',
        calls: new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
        now: () => new Date(Date.parse(endedAt) + 60_000),
      });
      const deliverThen = (payload: object) => {
        const body = JSON.stringify(payload);
        return yearAgo(
          apiEvent('POST /webhooks/acme-cc/calls', {
            body,
            headers: signedHeaders(body),
          }) as SignedWebhookEvent,
          localContext('call-events'),
        );
      };
      await deliverThen({
        type: 'call.started',
        data: { ...ref, direction: 'inbound', from: '0401234567', to: '0968298003', startedAt },
      });
      expect(await meta(contactId)).toMatchObject({ startedAt });
      const swept = await sweepExpired({
        store: new DynamoRetentionStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
        objects: new S3ContactObjects(s3Client(), LOCAL_NAMES.bucket),
      });
      expect(swept.contactsDeleted).toBeGreaterThanOrEqual(1);
      expect(await queryContact(contactId)).toEqual([]);

      const late = await postSigned(url, { type: 'call.ended', data: { ...ref, endedAt } });
      expect(late).toEqual({ status: 200, body: { contactId, outcome: 'expired' } });
      expect(await queryContact(contactId)).toEqual([]);
    });
  });

  describe('durability', () => {
    it('answers 503 when the store fails, stores nothing, and the platform’s retry then succeeds', async () => {
      const call = newCall();
      const pepper = async () => TEST_PEPPER;
      const common = {
        signingSecrets: async () => [TEST_SECRET],
        pepper,
        retentionMonths: 12,
        defaultCountry: 'FI',
        idempotency: webhookIdempotency(LOCAL_NAMES.idempotencyTable),
      };
      // A store whose DynamoDB endpoint is down: a real SDK connection failure.
      const down = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }),
      );
      const failing = createCallWebhookHandler({
        ...common,
        calls: new DynamoCallStore(down, LOCAL_NAMES.contactsTable),
      });
      const working = createCallWebhookHandler({
        ...common,
        calls: new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
      });
      const body = JSON.stringify(call.started);
      const id = `msg_retry_${call.contactId}`;
      const event = () =>
        apiEvent('POST /webhooks/acme-cc/calls', {
          body,
          headers: signedHeaders(body, { id }),
        }) as SignedWebhookEvent;

      const failed = await failing(event(), localContext('call-events'));
      expect(failed).toMatchObject({ statusCode: 503, headers: { 'retry-after': '5' } });
      expect(JSON.parse((failed as { body: string }).body).error.message).toBe(
        'the event could not be stored right now; nothing was lost, retry the delivery',
      );
      expect(await meta(call.contactId)).toBeUndefined();

      const retried = await working(event(), localContext('call-events'));
      expect(retried).toMatchObject({ statusCode: 200 });
      expect(await meta(call.contactId)).toMatchObject({ startedAt: call.startedAt });
    });
  });

  it('N15/N17: logs the outcome but never a number, name or other body content', async () => {
    const handler = await callHandlerLoggingAtInfo();
    const call = newCall();
    const deliver = (payload: object) => {
      const body = JSON.stringify(payload);
      return handler(
        apiEvent('POST /webhooks/acme-cc/calls', {
          body,
          headers: signedHeaders(body),
        }) as SignedWebhookEvent,
        localContext('call-events'),
      );
    };
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await deliver({ ...call.started, data: { ...call.started.data, callerName: 'Matti Meikäläinen' } });
      await deliver({ ...call.started, data: { ...call.started.data, from: '+358 7777777 x' } }); // rejected: 400
    } finally {
      write.mockRestore();
    }
    const logged = lines.join('');
    expect(logged).toContain('call event stored');
    expect(logged).toContain('request rejected');
    for (const secret of ['358401234567', '0401234567', '040 123 4567', '358968298003', 'Matti', '7777777']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('accepts either of two active signing secrets during rotation', async () => {
    const next = 'whsec_bmV4dC1zaWduaW5nLXNlY3JldC1kdXJpbmctcm90YXRpb24xMjM=';
    const handler = createCallWebhookHandler({
      signingSecrets: async () => [next, TEST_SECRET],
      pepper: async () => TEST_PEPPER,
      retentionMonths: 12,
      defaultCountry: 'FI',
      calls: new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    });
    for (const secret of [next, TEST_SECRET]) {
      const body = JSON.stringify(newCall().started);
      const res = await handler(
        apiEvent('POST /webhooks/acme-cc/calls', {
          body,
          headers: signedHeaders(body, { secret }),
        }) as SignedWebhookEvent,
        localContext('x'),
      );
      expect(res).toMatchObject({ statusCode: 200 });
    }
    expect(new Webhook(next)).toBeDefined();
  });

  describe('re-reading the secret after a verification failure (N17: rotation at once)', () => {
    const next = 'whsec_bmV4dC1zaWduaW5nLXNlY3JldC1kdXJpbmctcm90YXRpb24xMjM=';
    const handlerWith = (
      signingSecrets: (platform: string | undefined, options?: { fresh?: boolean }) => Promise<string[]>,
    ) =>
      createCallWebhookHandler({
        signingSecrets,
        pepper: async () => TEST_PEPPER,
        retentionMonths: 12,
        defaultCountry: 'FI',
        calls: new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
      });
    const post = (handler: ReturnType<typeof handlerWith>, secret: string) => {
      const body = JSON.stringify(newCall().started);
      return handler(
        apiEvent('POST /webhooks/acme-cc/calls', {
          body,
          headers: signedHeaders(body, { secret }),
        }) as SignedWebhookEvent,
        localContext('x'),
      );
    };

    it('accepts a request signed with a secret rotated in after the cached copy was read', async () => {
      const asked: boolean[] = [];
      const handler = handlerWith(async (_platform, options) => {
        asked.push(options?.fresh === true);
        return options?.fresh ? [next] : [TEST_SECRET]; // the cache still holds the old secret
      });
      await expect(post(handler, next)).resolves.toMatchObject({ statusCode: 200 });
      expect(asked).toEqual([false, true]);
    });

    it('re-reads once only, then refuses with 401', async () => {
      const asked: boolean[] = [];
      const handler = handlerWith(async (_platform, options) => {
        asked.push(options?.fresh === true);
        return [TEST_SECRET];
      });
      await expect(post(handler, next)).resolves.toMatchObject({ statusCode: 401 });
      expect(asked).toEqual([false, true]);
    });

    it('does not re-read when the cached secret verifies', async () => {
      const asked: boolean[] = [];
      const handler = handlerWith(async (_platform, options) => {
        asked.push(options?.fresh === true);
        return [TEST_SECRET];
      });
      await expect(post(handler, TEST_SECRET)).resolves.toMatchObject({ statusCode: 200 });
      expect(asked).toEqual([false]);
    });
  });
});
