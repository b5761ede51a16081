import { randomUUID } from 'node:crypto';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { getItem, queryContact, startSystem } from '../../support/local-system';
import { OTHER_SECRET, postSigned } from '../../support/webhooks';
import { newChat } from '../chats/fixtures';
import { newCall } from '../recordings/calls';

/**
 * Platforms as authenticated tenants (ADR 0007), through the real handlers of the local system:
 * `acme-cc` signs with TEST_SECRET, `other-cc` with OTHER_SECRET (test/support/local-system.ts).
 */
let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => system.close());

const at = (platform: string, route: string) => `${system.url}/webhooks/${platform}/${route}`;
const asOther = { secret: OTHER_SECRET };
const meta = (contactId: string) => getItem(contactPk(contactId), META);
const BAD_SIGNATURE =
  'signature does not verify, or webhook-timestamp is more than 5 minutes from now; sign the raw body with the signing secret of the platform in the route';

describe('platforms as authenticated tenants (N9, N17)', () => {
  it('N9: another platform cannot create or change a contact of acme-cc: 403 and nothing is stored', async () => {
    const call = newCall();
    // other-cc, correctly signed with its own secret, names acme-cc as the provider
    const created = await postSigned(at('other-cc', 'calls'), call.started, asOther);
    expect(created.status).toBe(403);
    expect(created.body).toEqual({
      error: { code: 'Forbidden', message: expect.stringMatching(/nothing was stored/) },
    });
    expect(await queryContact(call.contactId)).toEqual([]);

    // acme-cc stores its call; other-cc then tries to end it early
    expect((await postSigned(at('acme-cc', 'calls'), call.started)).status).toBe(200);
    const before = await meta(call.contactId);
    const ended = await postSigned(at('other-cc', 'calls'), call.ended, asOther);
    expect(ended.status).toBe(403);
    expect(await meta(call.contactId)).toEqual(before);
  });

  it('N9: a secret opens only its own platform: acme-cc signing on /webhooks/other-cc is a 401', async () => {
    const call = newCall();
    const other = { ...call.started, data: { ...call.started.data, provider: 'other-cc' } };
    const res = await postSigned(at('other-cc', 'calls'), other);
    expect(res.status).toBe(401);
    expect(await queryContact(contactIdFor('call', 'other-cc', call.ref.callId))).toEqual([]);
  });

  it('N17: an unknown platform gets the same 401 as a bad signature, revealing nothing', async () => {
    const call = newCall();
    const unknown = { ...call.started, data: { ...call.started.data, provider: 'no-such-cc' } };
    const res = await postSigned(at('no-such-cc', 'calls'), unknown);
    const bad = await postSigned(at('acme-cc', 'calls'), call.started, { secret: OTHER_SECRET });
    expect(res).toEqual({ status: 401, body: { error: { code: 'Unauthorized', message: BAD_SIGNATURE } } });
    expect(bad).toEqual(res);
    // a prototype key is not a platform either
    expect((await postSigned(at('constructor', 'calls'), call.started)).status).toBe(401);
  });

  it('the authenticated platform is the provider: the same call id on two platforms is two contacts', async () => {
    const call = newCall();
    const asOtherCall = { ...call.started, data: { ...call.started.data, provider: 'other-cc' } };
    expect((await postSigned(at('acme-cc', 'calls'), call.started)).status).toBe(200);
    expect((await postSigned(at('other-cc', 'calls'), asOtherCall, asOther)).status).toBe(200);
    // Migration: the id is derived exactly as before the platforms existed (slug = former provider).
    expect(await meta(call.contactId)).toMatchObject({
      provider: 'acme-cc',
      providerCallId: call.ref.callId,
    });
    expect(await meta(contactIdFor('call', 'other-cc', call.ref.callId))).toMatchObject({
      provider: 'other-cc',
      providerCallId: call.ref.callId,
    });
  });

  it('idempotency is per platform: the same webhook-id from two platforms is two deliveries', async () => {
    const id = `msg_${randomUUID()}`;
    const call = newCall();
    const otherCall = newCall();
    const asOtherCall = { ...otherCall.started, data: { ...otherCall.started.data, provider: 'other-cc' } };
    const first = await postSigned(at('acme-cc', 'calls'), call.started, { id });
    const second = await postSigned(at('other-cc', 'calls'), asOtherCall, { ...asOther, id });
    expect(first.body).toMatchObject({ outcome: 'created', contactId: call.contactId });
    expect(second.body).toMatchObject({
      outcome: 'created',
      contactId: contactIdFor('call', 'other-cc', otherCall.ref.callId),
    });
  });

  it('N9: another platform cannot add to or end a chat of acme-cc', async () => {
    const chat = newChat();
    expect((await postSigned(at('acme-cc', 'chats'), chat.started())).status).toBe(200);
    const before = await queryContact(chat.contactId);
    const message = await postSigned(at('other-cc', 'chats'), chat.message(1, 'Hei'), asOther);
    const ended = await postSigned(at('other-cc', 'chats'), chat.ended(), asOther);
    expect([message.status, ended.status]).toEqual([403, 403]);
    expect(await queryContact(chat.contactId)).toEqual(before);
  });

  it('N9: another platform cannot mint an upload URL for a call of acme-cc', async () => {
    const call = newCall();
    for (const event of [call.started, call.answered, call.ended])
      await postSigned(at('acme-cc', 'calls'), event);
    const request = {
      type: 'recording.upload-requested',
      data: { ...call.ref, contentType: 'audio/wav', size: 1000 },
    };
    const res = await postSigned(at('other-cc', 'calls/recording-upload-url'), request, asOther);
    expect(res.status).toBe(403);
    expect(res.body).not.toHaveProperty('url');
    const own = await postSigned(at('acme-cc', 'calls/recording-upload-url'), request);
    expect(own.status).toBe(200);
  });
});
