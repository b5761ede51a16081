import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_NAMES } from '../../../local/emulators';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { getItem, queryContact, startSystem } from '../../support/local-system';
import {
  callSid,
  postTwilio,
  rfc2822,
  TWILIO_ACCOUNT_SID,
  TWILIO_PLATFORM,
  TWILIO_PREVIOUS_AUTH_TOKEN,
  TWILIO_SHARED_KEY,
  TWILIO_SHARED_KEY_ID,
} from '../../support/twilio';

let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => system.close());

const ROUTE = 'twilio/voice/status';
const meta = (contactId: string) => getItem(contactPk(contactId), META);
const contactOf = (sid: string) => contactIdFor('call', TWILIO_PLATFORM, sid);
const BAD_SIGNATURE = {
  error: {
    code: 'Forbidden',
    message: "X-Twilio-Signature does not verify for this route's configured URL; nothing was stored",
  },
};

/**
 * A status callback as Twilio documents it:
 * https://www.twilio.com/docs/voice/api/call-resource#statuscallback (CallStatus, Timestamp,
 * CallbackSource, SequenceNumber, CallDuration) on top of the request parameters of every voice
 * webhook, https://www.twilio.com/docs/voice/twiml#request-parameters (CallSid, AccountSid, From,
 * To, CallStatus, ApiVersion, Direction, ForwardedFrom, CallerName, ParentCallSid, CallToken and
 * the geographic FromCity/FromState/FromZip/FromCountry, ToCity/…).
 */
function statusCallback(
  call: { sid: string; direction: string; from: string; to: string; parent?: string },
  status: string,
  at: Date,
  sequence: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    AccountSid: TWILIO_ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: status,
    Direction: call.direction,
    From: call.from,
    To: call.to,
    Called: call.to,
    Caller: call.from,
    CallerName: 'Matti Meikäläinen',
    FromCity: 'HELSINKI',
    FromCountry: 'FI',
    FromZip: '00100',
    ToCountry: 'FI',
    CallbackSource: 'call-progress-events',
    Timestamp: rfc2822(at),
    SequenceNumber: String(sequence),
    ...(call.parent ? { ParentCallSid: call.parent } : {}),
    ...extra,
  };
}

const minutesAgo = (m: number, s = 0) => new Date(Date.now() - m * 60_000 + s * 1000);
/** An outbound call placed through the REST API to a customer, and its whole lifecycle. */
function outboundLifecycle() {
  const call = { sid: callSid(), direction: 'outbound-api', from: '+358968298003', to: '+358401234567' };
  const times = {
    initiated: minutesAgo(10),
    ringing: minutesAgo(10, 2),
    answered: minutesAgo(10, 15),
    ended: minutesAgo(6),
  };
  const events = [
    statusCallback(call, 'initiated', times.initiated, 0),
    statusCallback(call, 'ringing', times.ringing, 1),
    statusCallback(call, 'in-progress', times.answered, 2),
    statusCallback(call, 'completed', times.ended, 3, { CallDuration: '225' }),
  ];
  return { call, times, events, contactId: contactOf(call.sid) };
}
const iso = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();

describe('Twilio Programmable Voice status callbacks', () => {
  it('N1, N2, N3: stores a whole outbound lifecycle: start, answer = in-progress, end = completed, numbers', async () => {
    const { events, contactId, times } = outboundLifecycle();
    for (const params of events) expect((await postTwilio(system.url, ROUTE, params)).status).toBe(200);
    const item = await meta(contactId);
    expect(item).toMatchObject({
      kind: 'call',
      provider: TWILIO_PLATFORM,
      direction: 'outbound',
      customerNumber: '+358401234567',
      serviceNumber: '+358968298003',
      startedAt: iso(times.initiated),
      answeredAt: iso(times.answered),
      endedAt: iso(times.ended),
    });
  });

  it('N2: converges on the same record whatever order the callbacks arrive in', async () => {
    const { events, contactId, times } = outboundLifecycle();
    for (const i of [3, 1, 0, 2, 3]) {
      expect((await postTwilio(system.url, ROUTE, events[i] as Record<string, string>)).status).toBe(200);
    }
    expect(await meta(contactId)).toMatchObject({
      direction: 'outbound',
      customerNumber: '+358401234567',
      serviceNumber: '+358968298003',
      startedAt: iso(times.initiated),
      answeredAt: iso(times.answered),
      endedAt: iso(times.ended),
    });
  });

  it('N2: a busy call ends without an answer time', async () => {
    const call = { sid: callSid(), direction: 'outbound-api', from: '+358968298003', to: '+358401234568' };
    const [initiated, busy] = [minutesAgo(5), minutesAgo(5, 8)];
    await postTwilio(system.url, ROUTE, statusCallback(call, 'initiated', initiated, 0));
    await postTwilio(system.url, ROUTE, statusCallback(call, 'busy', busy, 1, { CallDuration: '0' }));
    const item = await meta(contactOf(call.sid));
    expect(item).toMatchObject({ startedAt: iso(initiated), endedAt: iso(busy) });
    expect(item).not.toHaveProperty('answeredAt');
  });

  it('N1: an inbound call and its <Dial>ed agent leg are one contact: the caller and the service number, never the agent', async () => {
    const base = Date.now();
    const minutesAgo = (m: number, sec = 0) => new Date(base - m * 60_000 + sec * 1000);
    const parent = { sid: callSid(), direction: 'inbound', from: '+358401112223', to: '+358968298003' };
    const child = {
      sid: callSid(),
      direction: 'outbound-dial',
      from: '+358968298003',
      to: '+358509998887',
      parent: parent.sid,
    };
    const results = [
      await postTwilio(system.url, ROUTE, statusCallback(parent, 'ringing', minutesAgo(8), 0)),
      await postTwilio(system.url, ROUTE, statusCallback(child, 'initiated', minutesAgo(8, 10), 0)),
      await postTwilio(system.url, ROUTE, statusCallback(parent, 'in-progress', minutesAgo(8, 1), 1)),
      await postTwilio(system.url, ROUTE, statusCallback(child, 'in-progress', minutesAgo(8, 20), 1)),
      await postTwilio(
        system.url,
        ROUTE,
        statusCallback(child, 'completed', minutesAgo(3), 2, { CallDuration: '280' }),
      ),
      await postTwilio(
        system.url,
        ROUTE,
        statusCallback(parent, 'completed', minutesAgo(3, 1), 2, { CallDuration: '300' }),
      ),
    ];
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(results[1]?.body).toEqual({ outcome: 'leg' });
    expect(await queryContact(contactOf(child.sid))).toEqual([]);
    const item = await meta(contactOf(parent.sid));
    expect(item).toMatchObject({
      direction: 'inbound',
      customerNumber: '+358401112223',
      serviceNumber: '+358968298003',
      startedAt: iso(minutesAgo(8)),
      answeredAt: iso(minutesAgo(8, 1)),
      endedAt: iso(minutesAgo(3, 1)),
    });
    expect(JSON.stringify(item)).not.toContain('509998887');
  });

  it('N15: form fields the notice does not list are dropped (caller name, city, zip, caller-id stand-ins)', async () => {
    const { events, contactId } = outboundLifecycle();
    for (const params of events) await postTwilio(system.url, ROUTE, params);
    const stored = JSON.stringify(await queryContact(contactId));
    for (const dropped of ['Meikäläinen', 'HELSINKI', '00100', 'call-progress-events', '2010-04-01']) {
      expect(stored).not.toContain(dropped);
    }
  });

  it('a withheld inbound caller is stored as withheld', async () => {
    const call = { sid: callSid(), direction: 'inbound', from: '+266696687', to: '+358968298003' };
    await postTwilio(
      system.url,
      ROUTE,
      statusCallback(call, 'completed', minutesAgo(2), 0, { CallDuration: '30' }),
    );
    expect(await meta(contactOf(call.sid))).toMatchObject({
      customerWithheld: true,
      serviceNumber: '+358968298003',
    });
  });

  it('retries: the same CallSid + SequenceNumber is a duplicate and changes nothing', async () => {
    const { events, contactId } = outboundLifecycle();
    const first = await postTwilio(system.url, ROUTE, events[0] as Record<string, string>);
    const before = await meta(contactId);
    const again = await postTwilio(system.url, ROUTE, events[0] as Record<string, string>);
    expect(first.body).toMatchObject({ outcome: 'created', contactId });
    expect(again).toEqual({ status: 200, body: { outcome: 'duplicate' } });
    expect(await meta(contactId)).toEqual(before);
    // Twilio signs no timestamp: the dedupe record outlives the call's own retention.
    const sid = (events[0] as Record<string, string>).CallSid;
    const dedupe = await dynamoDocumentClient().send(
      new GetCommand({
        TableName: LOCAL_NAMES.idempotencyTable,
        Key: { id: `twilio-voice#${TWILIO_PLATFORM}#${sid}#0` },
      }),
    );
    expect(dedupe.Item?.expiration).toBeGreaterThan(Number(before?.expiresAt) + 30 * 24 * 3600);
  });

  describe('authentication (N17)', () => {
    it('a bad signature is a 403 and nothing is stored', async () => {
      const { events, contactId } = outboundLifecycle();
      const res = await postTwilio(system.url, ROUTE, events[0] as Record<string, string>, {
        token: 'not-the-token',
      });
      expect(res).toEqual({ status: 403, body: BAD_SIGNATURE });
      expect(await queryContact(contactId)).toEqual([]);
    });

    it('an unknown platform and a standard-webhooks platform get the same 403 as a bad signature', async () => {
      const { events } = outboundLifecycle();
      for (const platform of ['no-such-twilio', 'acme-cc', 'constructor']) {
        const res = await postTwilio(system.url, ROUTE, events[0] as Record<string, string>, { platform });
        expect(res).toEqual({ status: 403, body: BAD_SIGNATURE });
      }
    });

    it('checks against the configured public URL, whatever Host a proxy rewrote the request to', async () => {
      const { events, contactId } = outboundLifecycle();
      const proxied = { host: 'internal-lb.eu-north-1.elb.example:8443', 'x-forwarded-host': 'evil.example' };
      const ok = await postTwilio(system.url, ROUTE, events[0] as Record<string, string>, {
        headers: proxied,
      });
      expect(ok.status).toBe(200);
      // A signature over the URL rebuilt from the Host header does not verify.
      const hostUrl = `https://${proxied.host}/webhooks/${TWILIO_PLATFORM}/${ROUTE}`;
      const rebuilt = await postTwilio(system.url, ROUTE, events[1] as Record<string, string>, {
        headers: proxied,
        signedUrl: hostUrl,
      });
      expect(rebuilt).toEqual({ status: 403, body: BAD_SIGNATURE });
      expect(await meta(contactId)).toMatchObject({ provider: TWILIO_PLATFORM });
    });

    it('a request from another Twilio account is a 403 even when signed with this token', async () => {
      const { events, contactId } = outboundLifecycle();
      const other = { ...(events[0] as Record<string, string>), AccountSid: `AC${'ff'.repeat(16)}` };
      const res = await postTwilio(system.url, ROUTE, other);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        error: {
          code: 'Forbidden',
          message: "AccountSid is not this platform's Twilio account; nothing was stored",
        },
      });
      expect(await queryContact(contactId)).toEqual([]);
    });

    it('rotation: the previous Auth Token still verifies', async () => {
      const { events } = outboundLifecycle();
      const res = await postTwilio(system.url, ROUTE, events[0] as Record<string, string>, {
        token: TWILIO_PREVIOUS_AUTH_TOKEN,
      });
      expect(res.status).toBe(200);
    });

    it('verifies the HMAC-SHA256 SharedKey scheme named in X-Twilio-Webhooks-Signature-Settings', async () => {
      const { events } = outboundLifecycle();
      const ok = await postTwilio(system.url, ROUTE, events[0] as Record<string, string>, {
        sharedKey: { id: TWILIO_SHARED_KEY_ID, secret: TWILIO_SHARED_KEY },
      });
      expect(ok.status).toBe(200);
      const unknownKey = await postTwilio(system.url, ROUTE, events[1] as Record<string, string>, {
        sharedKey: { id: 'webhooks_sharedkey_unknown', secret: TWILIO_SHARED_KEY },
      });
      expect(unknownKey).toEqual({ status: 403, body: BAD_SIGNATURE });
    });
  });
});
