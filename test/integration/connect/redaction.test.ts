import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_NAMES } from '../../../local/emulators';
import { startEventSourceMapping } from '../../../local/event-source-mapping';
import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { connectRedactionHook } from '../../../shared/connect/redact-enqueue';
import { CONNECT_REDACTION_QUEUE_SETTINGS } from '../../../shared/connect/redact-message';
import { SqsConnectRedactionQueue } from '../../../shared/connect/sqs-redaction-queue';
import { CHAT_TRANSCRIPTS_PREFIX } from '../../../shared/connect/transcript';
import { placeHold } from '../../../shared/holds/hold';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { s3Client } from '../../../shared/kernel/s3-client';
import { sqsClient } from '../../../shared/kernel/sqs-client';
import { sweepExpired } from '../../../shared/retention/sweep';
import { failingEndpoint } from '../../support/failing-endpoint';
import { queryContact, startSystem } from '../../support/local-system';
import { opsRequest } from '../../support/ops-request';
import { chatCtr, chatTranscript } from '../../unit/connect/chat-fixtures';
import { TRANSFER_LEG_CTR } from '../../unit/connect/ctr-fixtures';
import { waitForMeta } from '../recordings/calls';
import { holdDeps, retentionAdapters, seedContact } from '../retention/fixtures';
import {
  ago,
  contactIdOf,
  ctrContext,
  ctrHandler,
  freshContactId,
  freshCtr,
  kinesisEvent,
  meta,
} from './connect-support';

// Amazon Connect keeps its own copy of every contact, the customer's number included, for 24
// months. When one of its contacts leaves this store (swept at expiry, N13, or erased, N16), the
// real sweep and the real erasure queue a redaction job, and the real connect-redact handler asks
// Connect (the local fake, local/fakes/connect.ts) to redact the CUSTOMER_ENDPOINT of every
// ContactId of it. DeleteContactData:
// https://docs.aws.amazon.com/connect/latest/APIReference/API_DeleteContactData.html
// CTRs: https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html

let system: Awaited<ReturnType<typeof startSystem>>;
let onCtrs: ReturnType<typeof ctrHandler>;
beforeAll(async () => {
  // The redaction job is run by each test below, so the queued jobs can be seen first.
  system = await startSystem({ withoutJobs: ['connect-redact'] });
  onCtrs = ctrHandler();
});
afterAll(async () => system.close());

const connect = () => system.emulators.connect;
const redactionQueue = () => system.emulators.sqs.queue(LOCAL_NAMES.connectRedactionQueue);
/** What the sweep and the ops API are wired with when the stack has a Connect instance. */
const hook = () =>
  connectRedactionHook(
    new SqsConnectRedactionQueue(sqsClient(), String(process.env.CONNECT_REDACTION_QUEUE_URL)),
  );
/** A Connect call with no transfer legs, as the sweep or erasure hands it to the hook. */
const leavingCall = (id: string) => ({
  contactId: contactIdFor('call', CONNECT_PROVIDER, id),
  provider: CONNECT_PROVIDER,
  platformIds: [id],
});
const queuedJobs = () => redactionQueue().messages.map((m) => JSON.parse(m.body));
const redactionsOf = (ids: string[]) => connect().redactions.filter((r) => ids.includes(r.contactId));
const requestsFor = (id: string) => connect().requests.filter((r) => r.contactId === id);

/** The queue's event source mapping with the real function, until every job is settled. */
async function runRedactionJobs(): Promise<void> {
  const { handler } = await import('../../../functions/connect-redact');
  const stop = startEventSourceMapping({
    functionName: 'connect-redact',
    queue: redactionQueue(),
    settings: CONNECT_REDACTION_QUEUE_SETTINGS,
    handler,
    retrySeconds: () => 0,
  });
  try {
    await redactionQueue().drained({ timeoutMs: 30_000 });
  } finally {
    await stop();
  }
}

const ops = (user: string, method: string, path: string, body?: unknown) =>
  opsRequest(system.url, method, path, body, { 'x-ops-user': user });

describe("Connect's own copy of a contact is redacted when the contact leaves this store", () => {
  it('N13: a Connect call swept at expiry is redacted at Connect, its transfer leg too; a non-Connect contact swept with it is not', async () => {
    // Prepare: a Connect call, its transfer leg, and a webhook platform's call due the same day
    const caller = '+358405550011';
    const ctr = freshCtr({ CustomerEndpoint: { Address: caller, Type: 'TELEPHONE_NUMBER' } });
    const legId = freshContactId();
    const leg = {
      ...TRANSFER_LEG_CTR,
      ContactId: legId,
      InitialContactId: ctr.ContactId,
      PreviousContactId: ctr.ContactId,
      InitiationTimestamp: ago(5),
      DisconnectTimestamp: ago(1),
      LastUpdateTimestamp: ago(1),
      Recording: null,
    };
    await onCtrs(kinesisEvent([ctr, leg]), ctrContext());
    const contactId = contactIdOf(ctr);
    const item = await waitForMeta(contactId, (i) => Array.isArray(i.legIds));
    const other = await seedContact({ name: `webhook-${legId}`, expiresAt: Number(item.expiresAt) });

    // Act: the sweep runs the day after their expiry, then the redaction job
    const later = new Date((Number(item.expiresAt) + 86_400) * 1000);
    await sweepExpired({ ...retentionAdapters(), now: () => later, onContactLeaving: hook() });
    const jobs = queuedJobs();
    await runRedactionJobs();

    // Assess: one job, ContactIds only (N17); both redacted at Connect; nothing for the other contact
    expect(item.legIds).toEqual([legId]);
    expect(await queryContact(contactId)).toEqual([]);
    expect(await queryContact(other)).toEqual([]);
    expect(jobs).toEqual([{ contactIds: [ctr.ContactId, legId] }]);
    expect(JSON.stringify(jobs)).not.toContain(caller.slice(4));
    expect(redactionsOf([ctr.ContactId, legId])).toEqual([
      expect.objectContaining({
        instanceId: LOCAL_NAMES.connectInstanceId,
        contactId: ctr.ContactId,
        contactFields: ['CUSTOMER_ENDPOINT'],
      }),
      expect.objectContaining({ contactId: legId, contactFields: ['CUSTOMER_ENDPOINT'] }),
    ]);
    expect(connect().requests).toHaveLength(2);
    expect(redactionQueue().deadLetters).toEqual([]);
  });

  it('N16: an erased Connect chat is redacted at Connect, its hand-over leg too', async () => {
    // Prepare: a chat of two legs (bot, then a person) and its transcript, giving the nickname
    const first = freshContactId();
    const second = freshContactId();
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 15 * 60_000);
    const plus = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    const nickname = `Redact-asiakas-${second.slice(-6)}`;
    await onCtrs(
      kinesisEvent([
        chatCtr({ contactId: first, start, end: plus(30) }),
        chatCtr({
          contactId: second,
          initialContactId: first,
          previousContactId: first,
          start: plus(30),
          end: plus(90),
        }),
      ]),
      ctrContext(),
    );
    const file = chatTranscript({ contactId: first, start });
    for (const entry of file.Transcript)
      if (entry.ParticipantRole === 'CUSTOMER') entry.DisplayName = nickname;
    await s3Client().send(
      new PutObjectCommand({
        Bucket: LOCAL_NAMES.bucket,
        Key: `${CHAT_TRANSCRIPTS_PREFIX}2026/11/29/${first}_20261129T1000_UTC.json`,
        Body: JSON.stringify(file),
      }),
    );
    const chatId = contactIdFor('chat', CONNECT_PROVIDER, first);
    await waitForMeta(chatId, (i) => i.nickname === nickname);

    // Act: erase by nickname (four eyes), through the ops API wired as in AWS; then the job
    const requested = await ops('carol', 'POST', '/ops/subjects/erase', {
      nickname,
      reason: 'erasure ER-90',
    });
    const approved = await ops('dana', 'POST', `/ops/erasures/${requested.body.erasureId}/approve`, {});
    const jobs = queuedJobs();
    await runRedactionJobs();

    // Assess
    expect(approved.body.erased).toEqual([chatId]);
    expect(await meta(chatId)).toBeUndefined();
    expect(jobs).toEqual([{ contactIds: [first, second] }]);
    expect(redactionsOf([first, second]).map((r) => [r.contactId, r.contactFields])).toEqual([
      [first, ['CUSTOMER_ENDPOINT']],
      [second, ['CUSTOMER_ENDPOINT']],
    ]);
    expect(redactionQueue().deadLetters).toEqual([]);
  });

  it('a duplicate job (a sweep interrupted after queueing, then run again) redacts once and settles both', async () => {
    // Prepare
    const id = freshContactId();
    const leaving = leavingCall(id);

    // Act
    await hook()(leaving);
    await hook()(leaving);
    await runRedactionJobs();

    // Assess
    expect(requestsFor(id)).toHaveLength(2);
    expect(redactionsOf([id])).toHaveLength(1);
    expect(redactionQueue().messages).toEqual([]);
    expect(redactionQueue().deadLetters).toEqual([]);
  });

  it('a contact Connect no longer has (ResourceNotFound, past its 24 months) counts as done', async () => {
    // Prepare
    const id = freshContactId();
    connect().forget(id);

    // Act
    await hook()(leavingCall(id));
    await runRedactionJobs();

    // Assess
    expect(requestsFor(id)).toHaveLength(1);
    expect(redactionsOf([id])).toEqual([]);
    expect(redactionQueue().messages).toEqual([]);
    expect(redactionQueue().deadLetters).toEqual([]);
  });

  it('a throttled redaction is retried: the job comes back after the SDK has given up, and then succeeds', async () => {
    // Prepare: Connect throttles the first three requests (the SDK's own three attempts)
    const id = freshContactId();
    connect().throttle(id, 3);

    // Act
    await hook()(leavingCall(id));
    await runRedactionJobs();

    // Assess: three throttled attempts in the first delivery, then the redelivery's one
    expect(requestsFor(id)).toHaveLength(4);
    expect(redactionsOf([id])).toHaveLength(1);
    expect(redactionQueue().messages).toEqual([]);
    expect(redactionQueue().deadLetters).toEqual([]);
  });
  it('N13: a Connect call whose job cannot be queued is not deleted; the next sweep deletes it and queues the job', async () => {
    // Prepare: a Connect call, and SQS down for the first run
    const ctr = freshCtr();
    await onCtrs(kinesisEvent([ctr]), ctrContext());
    const contactId = contactIdOf(ctr);
    const item = await waitForMeta(contactId, () => true);
    const later = new Date((Number(item.expiresAt) + 86_400) * 1000);
    const down = await failingEndpoint();
    const brokenQueue = new SqsConnectRedactionQueue(
      new SQSClient({ endpoint: down.url, maxAttempts: 1 }),
      String(process.env.CONNECT_REDACTION_QUEUE_URL),
    );

    // Act: a run with SQS down, then a run with SQS back
    let first: Awaited<ReturnType<typeof sweepExpired>>;
    try {
      first = await sweepExpired({
        ...retentionAdapters(),
        now: () => later,
        onContactLeaving: connectRedactionHook(brokenQueue),
      });
    } finally {
      await down.close();
    }
    const kept = await meta(contactId);
    const second = await sweepExpired({ ...retentionAdapters(), now: () => later, onContactLeaving: hook() });
    const jobs = queuedJobs();
    await runRedactionJobs();

    // Assess
    expect(first.failures).toBe(1);
    expect(kept).toBeDefined();
    expect(second.contactsDeleted).toBe(1);
    expect(await queryContact(contactId)).toEqual([]);
    expect(jobs).toEqual([{ contactIds: [ctr.ContactId] }]);
    expect(redactionsOf([ctr.ContactId])).toHaveLength(1);
  });

  it('N9: a Connect call under a dispute hold is kept by an erasure, and nothing is asked of Connect', async () => {
    // Prepare
    const caller = '+358405550022';
    const ctr = freshCtr({ CustomerEndpoint: { Address: caller, Type: 'TELEPHONE_NUMBER' } });
    await onCtrs(kinesisEvent([ctr]), ctrContext());
    const contactId = contactIdOf(ctr);
    await placeHold(contactId, { reason: 'dispute DS-4100', by: 'alice' }, holdDeps());

    // Act
    const requested = await ops('carol', 'POST', '/ops/subjects/erase', {
      number: caller,
      reason: 'erasure ER-91',
    });
    const approved = await ops('dana', 'POST', `/ops/erasures/${requested.body.erasureId}/approve`, {});
    const jobs = queuedJobs();
    await runRedactionJobs();

    // Assess
    expect(approved.body.erased).toEqual([]);
    expect(approved.body.kept).toEqual([expect.objectContaining({ contactId, reason: 'dispute DS-4100' })]);
    expect(await meta(contactId)).toBeDefined();
    expect(jobs).toEqual([]);
    expect(requestsFor(ctr.ContactId)).toEqual([]);
  });
});
