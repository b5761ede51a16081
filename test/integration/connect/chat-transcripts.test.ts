import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { LOCAL_NAMES } from '../../../local/emulators';
import { localContext } from '../../../local/lambda-http';
import { DynamoChatStore } from '../../../shared/chats/dynamo-chat-store';
import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { S3TranscriptObjects } from '../../../shared/connect/s3-transcript-objects';
import { CHAT_TRANSCRIPTS_PREFIX, MalformedTranscriptError } from '../../../shared/connect/transcript';
import { createTranscriptHandler } from '../../../shared/connect/transcript-handler';
import { connectSeq } from '../../../shared/connect/transcript-store';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { logger } from '../../../shared/kernel/observability';
import { s3Client } from '../../../shared/kernel/s3-client';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { sweepExpired } from '../../../shared/retention/sweep';
import { getItem, queryContact, startSystem } from '../../support/local-system';
import { opsRequest } from '../../support/ops-request';
import { readZipEntries } from '../../support/unzip';
import { TEST_PEPPER } from '../../support/webhooks';
import {
  AGENT_NAME,
  AGENT_TEXT,
  BOT_TEXT,
  CUSTOMER_TEXT,
  chatCtr,
  chatTranscript,
  NICKNAME,
  SECOND_AGENT_NAME,
} from '../../unit/connect/chat-fixtures';
import { retentionAdapters } from '../retention/fixtures';
import { waitForExport } from '../subjects/exports';
import { ctrContext, ctrHandler, kinesisEvent } from './connect-support';

// Transcripts and CTRs shaped as in AWS's Connect documentation (see the fixtures for the pages):
// https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-participant_Item.html
// https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html

let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  // These tests deliver each S3 notification themselves, to see its outcome; local mode's own
  // ObjectCreated job would race them for the same objects.
  system = await startSystem({ withoutJobs: ['connect-transcript'] });
});
afterAll(async () => system.close());

const chatDeps = {
  chats: new DynamoChatStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
  pepper: async () => TEST_PEPPER,
  retentionMonths: 12,
};
const onCtrs = ctrHandler({ chat: chatDeps });
const transcriptHandler = createTranscriptHandler({
  ...chatDeps,
  objects: new S3TranscriptObjects(s3Client(), LOCAL_NAMES.bucket),
});

const sendCtrs = (ctrs: unknown[]) => onCtrs(kinesisEvent(ctrs), ctrContext());

/** Connect's own naming: `<prefix>/<yyyy>/<mm>/<dd>/<ContactId>_<timestamp>.json`. */
async function putTranscript(file: { ContactId: string } | string, contactId?: string): Promise<string> {
  const id = typeof file === 'string' ? contactId : file.ContactId;
  const key = `${CHAT_TRANSCRIPTS_PREFIX}2026/11/29/${id}_20261129T1000_UTC.json`;
  await s3Client().send(
    new PutObjectCommand({
      Bucket: LOCAL_NAMES.bucket,
      Key: key,
      Body: typeof file === 'string' ? file : JSON.stringify(file),
      ContentType: 'application/json',
    }),
  );
  return key;
}
/** The S3 notification Lambda gets (keys URL-encoded). */
function s3Event(key: string): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-central-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'connect-transcripts',
          bucket: { name: LOCAL_NAMES.bucket, arn: `arn:aws:s3:::${LOCAL_NAMES.bucket}` },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1, eTag: 'e', sequencer: '0' },
        },
      },
    ],
  } as unknown as S3Event;
}
const deliver = (key: string) => transcriptHandler(s3Event(key), localContext('connect-transcript'));
const transcriptKeys = async () =>
  (
    await s3Client().send(
      new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket, Prefix: CHAT_TRANSCRIPTS_PREFIX }),
    )
  ).Contents?.map((o) => o.Key ?? '') ?? [];

let n = 0;
/** A fresh Connect contact id and a start a few minutes ago (an old chat would be expired: N13). */
function freshChat() {
  const suffix = `${Date.now().toString(16).slice(-8)}${(++n).toString(16).padStart(4, '0')}`.slice(-12);
  const contactId = `3c4d5e6f-7081-4a92-8bcd-${suffix}`;
  const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 15 * 60_000);
  return { connectId: contactId, contactId: contactIdFor('chat', CONNECT_PROVIDER, contactId), start };
}
const plus = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000);
const meta = (contactId: string) => getItem(contactPk(contactId), META);
const messages = async (contactId: string) =>
  (await queryContact(contactId))
    .filter((item) => String(item.sk).startsWith('MSG#'))
    .map(({ role, agentName, text, sentAt }) => ({
      role,
      ...(agentName ? { agentName } : {}),
      text,
      sentAt,
    }));
const expectedMessages = (start: Date) => [
  { role: 'bot', text: BOT_TEXT, sentAt: plus(start, 1).toISOString() },
  { role: 'customer', text: CUSTOMER_TEXT, sentAt: plus(start, 5).toISOString() },
  { role: 'agent', agentName: AGENT_NAME, text: AGENT_TEXT, sentAt: plus(start, 20).toISOString() },
];

describe('Connect chats: chat CTRs and chat transcripts (real handlers, local DynamoDB and S3)', () => {
  it('N4-N6: a chat CTR then its transcript make one chat with its messages; the transcript object is deleted', async () => {
    // Prepare
    const chat = freshChat();
    const ctr = chatCtr({
      contactId: chat.connectId,
      start: plus(chat.start, -3),
      end: plus(chat.start, 30),
    });

    // Act
    await expect(sendCtrs([ctr])).resolves.toEqual({ batchItemFailures: [] });
    const key = await putTranscript(chatTranscript({ contactId: chat.connectId, start: chat.start }));
    await deliver(key);

    // Assess
    expect(await meta(chat.contactId)).toMatchObject({
      kind: 'chat',
      provider: CONNECT_PROVIDER,
      providerChatId: chat.connectId,
      channel: 'web-chat',
      origin: 'own-site',
      nickname: NICKNAME,
      agents: [AGENT_NAME],
      startedAt: plus(chat.start, -3).toISOString(),
      endedAt: plus(chat.start, 30).toISOString(),
    });
    expect(await messages(chat.contactId)).toEqual(expectedMessages(chat.start));
    expect(await transcriptKeys()).not.toContain(key);
  });

  it('N4-N6: the transcript first, then the CTR: the same chat; the CTR gives the start', async () => {
    // Prepare
    const chat = freshChat();
    const ctr = chatCtr({
      contactId: chat.connectId,
      start: plus(chat.start, -3),
      end: plus(chat.start, 30),
    });

    // Act
    await deliver(await putTranscript(chatTranscript({ contactId: chat.connectId, start: chat.start })));
    const before = await meta(chat.contactId);
    await expect(sendCtrs([ctr])).resolves.toEqual({ batchItemFailures: [] });

    // Assess
    expect(before).toMatchObject({ startedAt: chat.start.toISOString(), nickname: NICKNAME });
    expect(await meta(chat.contactId)).toMatchObject({
      channel: 'web-chat',
      origin: 'own-site',
      nickname: NICKNAME,
      agents: [AGENT_NAME],
      startedAt: plus(chat.start, -3).toISOString(),
      endedAt: plus(chat.start, 30).toISOString(),
    });
    expect(await messages(chat.contactId)).toEqual(expectedMessages(chat.start));
  });

  it('a transcript delivered twice, or put again, stores each message once', async () => {
    // Prepare
    const chat = freshChat();
    const file = chatTranscript({ contactId: chat.connectId, start: chat.start });
    const key = await putTranscript(file);

    // Act
    await Promise.all([deliver(key), deliver(key)]);
    await deliver(key);
    await deliver(await putTranscript(file));

    // Assess
    expect(await messages(chat.contactId)).toEqual(expectedMessages(chat.start));
    expect(await transcriptKeys()).not.toContain(key);
  });

  it('a hand-over (bot -> agent -> agent) is one chat with one ordered message list, legs in any order', async () => {
    // Prepare: three legs; each later leg's transcript repeats the conversation so far
    const chat = freshChat();
    const second = freshChat().connectId;
    const third = freshChat().connectId;
    const legs = [chat.connectId, second, third];
    const { start } = chat;
    const conversation: [number, 'CUSTOMER' | 'AGENT' | 'SYSTEM', string][] = [
      [1, 'SYSTEM', BOT_TEXT],
      [5, 'CUSTOMER', CUSTOMER_TEXT],
    ];
    const firstLeg = chatTranscript({ contactId: chat.connectId, start, messages: conversation });
    const secondLeg = chatTranscript({
      contactId: second,
      initialContactId: chat.connectId,
      start,
      messages: [...conversation, [60, 'AGENT', AGENT_TEXT]],
    });
    const thirdLeg = chatTranscript({
      contactId: third,
      initialContactId: chat.connectId,
      start,
      agentName: SECOND_AGENT_NAME,
      // Two different messages in the same millisecond take neighbouring places.
      messages: [
        [120, 'AGENT', 'Jatkan tästä.'],
        [120, 'CUSTOMER', 'Kiitos'],
        [130, 'CUSTOMER', 'Näkemiin'],
      ],
    });
    // The second leg's agent is named in that leg; the third's items repeat the first two legs' messages.
    thirdLeg.Transcript.push(...secondLeg.Transcript.filter((item) => item.Type === 'MESSAGE'));
    const ctrs = [
      chatCtr({ contactId: chat.connectId, start: plus(start, -2), end: plus(start, 50) }),
      chatCtr({
        contactId: second,
        initialContactId: chat.connectId,
        previousContactId: chat.connectId,
        start: plus(start, 50),
        end: plus(start, 110),
      }),
      chatCtr({
        contactId: third,
        initialContactId: chat.connectId,
        previousContactId: second,
        start: plus(start, 110),
        end: plus(start, 140),
      }),
    ];

    // Act: the last leg's transcript first, then a CTR, then the rest
    await deliver(await putTranscript(thirdLeg));
    await expect(sendCtrs([ctrs[2]])).resolves.toEqual({ batchItemFailures: [] });
    await deliver(await putTranscript(firstLeg));
    await expect(sendCtrs([ctrs[0], ctrs[1]])).resolves.toEqual({ batchItemFailures: [] });
    await deliver(await putTranscript(secondLeg));

    // Assess
    for (const leg of legs.slice(1)) {
      expect(await queryContact(contactIdFor('chat', CONNECT_PROVIDER, leg))).toEqual([]);
    }
    expect(await meta(chat.contactId)).toMatchObject({
      providerChatId: chat.connectId,
      startedAt: plus(start, -2).toISOString(),
      endedAt: plus(start, 140).toISOString(),
      agents: [AGENT_NAME, SECOND_AGENT_NAME].sort(),
      nickname: NICKNAME,
    });
    const stored = await messages(chat.contactId);
    expect(stored.map((m) => m.text)).toEqual([
      BOT_TEXT,
      CUSTOMER_TEXT,
      AGENT_TEXT,
      expect.any(String),
      expect.any(String),
      'Näkemiin',
    ]);
    expect(
      stored
        .slice(3, 5)
        .map((m) => m.text)
        .sort(),
    ).toEqual(['Jatkan tästä.', 'Kiitos'].sort());
    expect(stored[2]).toMatchObject({ agentName: AGENT_NAME });
    const seqs = (await queryContact(chat.contactId))
      .filter((i) => String(i.sk).startsWith('MSG#'))
      .map((i) => i.seq);
    expect(seqs.slice(3, 5).sort()).toEqual([
      connectSeq(plus(start, 120).toISOString(), 0),
      connectSeq(plus(start, 120).toISOString(), 1),
    ]);
    expect(await transcriptKeys()).toEqual([]);
  });

  it('fails on a malformed transcript with a clear error, logged without content; it and everything stored are kept', async () => {
    // Prepare: a stored chat, then a later leg whose transcript has an unknown role
    const chat = freshChat();
    await deliver(await putTranscript(chatTranscript({ contactId: chat.connectId, start: chat.start })));
    const storedBefore = await queryContact(chat.contactId);
    const leg = freshChat().connectId;
    const bad = chatTranscript({
      contactId: leg,
      initialContactId: chat.connectId,
      start: plus(chat.start, 60),
    });
    (bad.Transcript[2] as { ParticipantRole: string }).ParticipantRole = 'MANAGER';
    const key = await putTranscript(bad);
    const notJson = await putTranscript(
      `{"ContactId": "${leg}", "Transcript": [${CUSTOMER_TEXT}`,
      `${leg}-b`,
    );
    const lines: string[] = [];
    const spies = (['debug', 'info', 'warn', 'error', 'critical'] as const).map((method) =>
      jest.spyOn(logger, method).mockImplementation((...args: unknown[]) => {
        lines.push(JSON.stringify(args));
      }),
    );

    // Act
    const failure = deliver(key).catch((error: unknown) => error);
    const notJsonFailure = deliver(notJson).catch((error: unknown) => error);
    const [error, notJsonError] = await Promise.all([failure, notJsonFailure]);
    for (const spy of spies) spy.mockRestore();

    // Assess
    expect(error).toBeInstanceOf(MalformedTranscriptError);
    expect((error as Error).message).toBe(
      'not an Amazon Connect chat transcript: Transcript.2.ParticipantRole: "MANAGER" is not one of CUSTOMER, AGENT, SUPERVISOR, SYSTEM, CUSTOM_BOT',
    );
    expect((notJsonError as Error).message).toBe(
      'not an Amazon Connect chat transcript: the object is not JSON',
    );
    expect(await transcriptKeys()).toEqual(expect.arrayContaining([key, notJson]));
    expect(await queryContact(chat.contactId)).toEqual(storedBefore);
    expect(lines.join('\n')).toContain('chat transcript is malformed');
    for (const secret of [NICKNAME, AGENT_NAME, CUSTOMER_TEXT.slice(0, 12), BOT_TEXT.slice(0, 12)]) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('N15, N17: nothing the notice does not list is stored, and no nickname, name or text is logged', async () => {
    // Prepare
    const chat = freshChat();
    const lines: string[] = [];
    const spies = (['debug', 'info', 'warn', 'error', 'critical'] as const).map((method) =>
      jest.spyOn(logger, method).mockImplementation((...args: unknown[]) => {
        lines.push(JSON.stringify(args));
      }),
    );

    // Act
    await sendCtrs([chatCtr({ contactId: chat.connectId, start: chat.start, end: plus(chat.start, 30) })]);
    await deliver(await putTranscript(chatTranscript({ contactId: chat.connectId, start: chat.start })));
    for (const spy of spies) spy.mockRestore();

    // Assess
    const stored = JSON.stringify(await queryContact(chat.contactId));
    for (const dropped of [
      'Matti',
      'L-12345',
      'maija.meikalainen',
      'Loans',
      'Helsinki',
      'palkkatodistus',
      'p-customer-1',
      '111122223333',
      'SYSTEM_MESSAGE',
      'TotalMessages',
    ]) {
      expect(stored).not.toContain(dropped);
    }
    expect(lines.some((line) => line.includes('chat transcript stored'))).toBe(true);
    for (const secret of [
      NICKNAME,
      AGENT_NAME,
      CUSTOMER_TEXT.slice(0, 12),
      AGENT_TEXT.slice(0, 12),
      BOT_TEXT.slice(0, 12),
      'Matti',
    ]) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('N13: a Connect chat past its expiry is swept with its messages; a late transcript does not bring it back', async () => {
    // Prepare: a chat stored while it was live, 14 months ago (12 months' retention)
    const chat = freshChat();
    const start = new Date(chat.start.getTime() - 425 * 86_400_000);
    const then = createTranscriptHandler({
      ...chatDeps,
      now: () => plus(start, 3600),
      objects: new S3TranscriptObjects(s3Client(), LOCAL_NAMES.bucket),
    });
    const file = chatTranscript({ contactId: chat.connectId, start });
    await then(s3Event(await putTranscript(file)), localContext('connect-transcript'));
    expect((await queryContact(chat.contactId)).length).toBe(4);

    // Act
    await sweepExpired({ ...retentionAdapters(), initialLookbackDays: 90 });
    const late = await putTranscript(file);
    await deliver(late);

    // Assess
    expect(await queryContact(chat.contactId)).toEqual([]);
    expect(await transcriptKeys()).not.toContain(late);
  });

  it('N9: a held Connect chat keeps every message without expiry, a later leg included', async () => {
    // Prepare
    const chat = freshChat();
    await deliver(await putTranscript(chatTranscript({ contactId: chat.connectId, start: chat.start })));
    const held = await opsRequest(
      system.url,
      'POST',
      `/ops/contacts/${chat.contactId}/hold`,
      { reason: 'dispute DS-11' },
      { 'x-ops-user': 'carol' },
    );
    const leg = freshChat().connectId;
    const later = chatTranscript({
      contactId: leg,
      initialContactId: chat.connectId,
      start: plus(chat.start, 60),
      messages: [[10, 'CUSTOMER', 'Vielä yksi kysymys']],
    });

    // Act
    await deliver(await putTranscript(later));

    // Assess
    expect(held.status).toBe(200);
    const items = await queryContact(chat.contactId);
    const stored = items.filter((item) => String(item.sk).startsWith('MSG#'));
    expect(stored.map((item) => item.text)).toEqual([
      BOT_TEXT,
      CUSTOMER_TEXT,
      AGENT_TEXT,
      'Vielä yksi kysymys',
    ]);
    expect(stored.filter((item) => item.expiresAt !== undefined)).toEqual([]);
    expect(items.find((item) => item.sk === META)).toMatchObject({ hold: { reason: 'dispute DS-11' } });
  });

  it('N16: a Connect chat is exported and erased by its nickname like any chat; nothing stays under connect/chat-transcripts/', async () => {
    // Prepare
    const chat = freshChat();
    const nickname = `Connect-asiakas-${n}`;
    const file = chatTranscript({ contactId: chat.connectId, start: chat.start });
    for (const item of file.Transcript) if (item.ParticipantRole === 'CUSTOMER') item.DisplayName = nickname;
    await sendCtrs([chatCtr({ contactId: chat.connectId, start: chat.start, end: plus(chat.start, 30) })]);
    await deliver(await putTranscript(file));
    const ops = (user: string, method: string, path: string, body?: unknown) =>
      opsRequest(system.url, method, path, body, { 'x-ops-user': user });

    // Act: export
    const exported = await ops('carol', 'POST', '/ops/subjects/export', {
      nickname,
      reason: 'access request AR-11',
    });
    const finished = await waitForExport((path) => ops('carol', 'GET', path), exported.body.exportId);
    const zip = await readZipEntries(
      Buffer.from(await (await fetch(String(finished.body.url))).arrayBuffer()),
    );

    // Assess: export
    expect(exported.status).toBe(202);
    expect(exported.body.contacts).toEqual([chat.contactId]);
    const records = JSON.parse(zip.get(`contacts/${chat.contactId}/records.json`)?.toString() ?? '[]');
    expect(
      records.filter((r: { sk: string }) => r.sk.startsWith('MSG#')).map((r: { text: string }) => r.text),
    ).toEqual([BOT_TEXT, CUSTOMER_TEXT, AGENT_TEXT]);

    // Act: erase (four eyes)
    const requested = await ops('carol', 'POST', '/ops/subjects/erase', {
      nickname,
      reason: 'erasure request ER-11',
    });
    const approved = await ops('dana', 'POST', `/ops/erasures/${requested.body.erasureId}/approve`, {});

    // Assess: erase
    expect(requested.status).toBe(202);
    expect(approved.status).toBe(200);
    expect(approved.body.erased).toEqual([chat.contactId]);
    expect(await queryContact(chat.contactId)).toEqual([]);
    expect((await transcriptKeys()).filter((key) => key.includes(chat.connectId))).toEqual([]);
  });
});
