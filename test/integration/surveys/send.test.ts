import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Emulators, LOCAL_NAMES, startEmulators } from '../../../local/emulators';
import type { CallRecord } from '../../../shared/calls/call-record';
import { DynamoCallStore } from '../../../shared/calls/dynamo-call-store';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { expiryFrom } from '../../../shared/kernel/expiry';
import { SURVEY_PAUSE_KEY, surveyCapKey } from '../../../shared/kernel/table-keys';
import { DynamoSurveyStore } from '../../../shared/surveys/dynamo-survey-store';
import { handleSurveyReply } from '../../../shared/surveys/handle-reply';
import { DEFAULT_SURVEY_POLICY } from '../../../shared/surveys/policy';
import { SmsAccountBlockedError, SmsNotSentError, type SurveyJob } from '../../../shared/surveys/ports';
import { scheduleSurvey } from '../../../shared/surveys/schedule';
import { PAUSED_RETRY_SECONDS, sendSurvey } from '../../../shared/surveys/send';
import type { SurveyStore } from '../../../shared/surveys/survey-store';
import { TEST_PEPPER, TEST_SECRET } from '../../support/webhooks';

/**
 * The survey services against DynamoDB (dynalite) with the real store, a controlled clock,
 * and recording stand-ins for the two outside ports (SMS, queue).
 */
let emulators: Emulators;
let tmp: string;
let calls: DynamoCallStore;
let surveys: DynamoSurveyStore;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'surveys-'));
  emulators = await startEmulators({
    s3Dir: join(tmp, 's3'),
    webhookSecret: TEST_SECRET,
    pepper: TEST_PEPPER,
  });
  Object.assign(process.env, emulators.env);
  calls = new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable);
  surveys = new DynamoSurveyStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable);
});
afterAll(async () => {
  await emulators.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const ENDED = '2026-01-15T10:00:00.000Z'; // 12:00 in Helsinki, inside the window
const minutesAfterEnd = (m: number) => new Date(Date.parse(ENDED) + m * 60_000);
let n = 0;
async function storedCall(): Promise<CallRecord> {
  n += 1;
  const record: CallRecord = {
    kind: 'call',
    contactId: contactIdFor('call', 'acme-cc', `SEND-${Date.now()}-${n}`),
    provider: 'acme-cc',
    providerCallId: `SEND-${n}`,
    direction: 'inbound',
    customerNumber: `+35850${String(1_000_000 + n)}`,
    serviceNumber: '+358968298003',
    startedAt: '2026-01-15T09:50:00.000Z',
    answeredAt: '2026-01-15T09:51:00.000Z',
    endedAt: ENDED,
    ...expiryFrom(ENDED, 12),
  };
  await calls.saveCall(record, { expectedVersion: undefined });
  return record;
}

function harness(overrides: { store?: SurveyStore; send?: () => Promise<{ messageId: string }> } = {}) {
  const sent: string[] = [];
  const jobs: { job: SurveyJob; delaySeconds: number }[] = [];
  let clock = minutesAfterEnd(0);
  const deps = {
    calls,
    surveys: overrides.store ?? surveys,
    pepper: async () => TEST_PEPPER,
    policy: { ...DEFAULT_SURVEY_POLICY },
    now: () => clock,
    queue: { enqueue: async (job: SurveyJob, delaySeconds: number) => void jobs.push({ job, delaySeconds }) },
    sms: {
      send: async ({ phoneNumber }: { phoneNumber: string }) => {
        const result = overrides.send ? await overrides.send() : { messageId: `m-${sent.length + 1}` };
        sent.push(phoneNumber);
        return result;
      },
    },
    text: 'Arvioi 1-5',
  };
  return { deps, sent, jobs, at: (m: number) => (clock = minutesAfterEnd(m)) };
}

describe('sendSurvey against DynamoDB (exactly once, N10)', () => {
  it('N10: an opt-out between scheduling and sending wins: nothing is sent', async () => {
    // Prepare
    const call = await storedCall();
    const h = harness();
    h.at(1);
    await scheduleSurvey(call, h.deps);
    // Act
    await handleSurveyReply(
      { from: call.customerNumber as string, text: 'SEIS' },
      { ...h.deps, replyHours: 72 },
    );
    h.at(10);
    const outcome = await sendSurvey(
      { contactId: call.contactId, notBefore: minutesAfterEnd(10).toISOString() },
      h.deps,
    );
    // Assess
    expect(outcome).toBe('dropped');
    expect(h.sent).toEqual([]);
    expect(await surveys.getSurvey(call.contactId)).toMatchObject({ status: 'dropped', reason: 'opted-out' });
  });

  it('N10: ten concurrent copies of one job send one SMS', async () => {
    // Prepare
    const call = await storedCall();
    const h = harness();
    h.at(1);
    const scheduled = await scheduleSurvey(call, h.deps);
    h.at(10);
    // Act
    const job = { contactId: call.contactId, notBefore: minutesAfterEnd(10).toISOString() };
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => sendSurvey(job, h.deps)));
    // Assess
    expect(scheduled).toEqual({ outcome: 'scheduled', notBefore: job.notBefore });
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(h.sent).toEqual([call.customerNumber]);
  });

  it('never sends twice when the process dies between publishing and recording it (ADR 0004)', async () => {
    // Prepare: a store whose "mark sent" write fails, as if the process died right after Publish.
    const call = await storedCall();
    const dying: SurveyStore = Object.create(surveys, {
      markSent: { value: async () => Promise.reject(new Error('process died')) },
    });
    const h = harness({ store: dying });
    h.at(1);
    await scheduleSurvey(call, h.deps);
    h.at(10);
    const job = { contactId: call.contactId, notBefore: minutesAfterEnd(10).toISOString() };
    // Act: the first attempt fails after publishing; the queue redelivers the job.
    await expect(sendSurvey(job, h.deps)).rejects.toThrow('process died');
    const retry = await sendSurvey(job, { ...h.deps, surveys });
    // Assess
    expect(retry).toBe('already-handled');
    expect(h.sent).toHaveLength(1);
    expect(await surveys.getSurvey(call.contactId)).toMatchObject({ status: 'sending' });
  });

  it('retries a throttled SMS later and sends it once', async () => {
    // Prepare
    const call = await storedCall();
    let attempts = 0;
    const h = harness({
      send: async () => {
        attempts += 1;
        if (attempts === 1) throw new SmsNotSentError('SNS throttled the SMS (ThrottledException)', true);
        return { messageId: 'm-ok' };
      },
    });
    h.at(1);
    await scheduleSurvey(call, h.deps);
    h.at(10);
    const job = { contactId: call.contactId, notBefore: minutesAfterEnd(10).toISOString() };
    // Act
    await expect(sendSurvey(job, h.deps)).rejects.toThrow('throttled');
    const second = await sendSurvey(job, h.deps);
    // Assess
    expect(second).toBe('sent');
    expect(h.sent).toHaveLength(1);
    expect(await surveys.getSurvey(call.contactId)).toMatchObject({ status: 'sent', messageId: 'm-ok' });
  });

  it('fails a survey whose Publish outcome is unknown and never retries it', async () => {
    // Prepare
    const call = await storedCall();
    const h = harness({ send: async () => Promise.reject(new Error('socket hang up')) });
    h.at(1);
    await scheduleSurvey(call, h.deps);
    h.at(10);
    const job = { contactId: call.contactId, notBefore: minutesAfterEnd(10).toISOString() };
    // Act
    const first = await sendSurvey(job, h.deps);
    const again = await sendSurvey(job, h.deps);
    // Assess
    expect([first, again]).toEqual(['failed', 'already-handled']);
    expect(await surveys.getSurvey(call.contactId)).toMatchObject({
      status: 'failed',
      reason: 'sms-outcome-unknown',
    });
  });

  it('puts back a job that arrives early (SQS delays stop at 15 min) with the remaining wait', async () => {
    // Prepare: the call ended at 19:55 Helsinki, so the survey waits for 09:00 the next day.
    const call = { ...(await storedCall()), endedAt: '2026-01-15T17:55:00.000Z' };
    await calls.saveCall(call, { expectedVersion: 1 });
    const h = harness();
    h.at(7 * 60 + 56);
    const scheduled = await scheduleSurvey(call, h.deps);
    h.at(8 * 60 + 11); // 15 minutes later, the first SQS delivery
    // Act
    const outcome = await sendSurvey(h.jobs[0]?.job as SurveyJob, h.deps);
    // Assess
    expect(scheduled).toEqual({ outcome: 'scheduled', notBefore: '2026-01-16T07:00:00.000Z' });
    expect(outcome).toBe('deferred');
    expect(h.jobs[1]).toEqual({
      job: { contactId: call.contactId, notBefore: '2026-01-16T07:00:00.000Z' },
      delaySeconds: (Date.parse('2026-01-16T07:00:00Z') - minutesAfterEnd(8 * 60 + 11).getTime()) / 1000,
    });
    expect(h.sent).toEqual([]);
  });

  it('takes over a schedule whose owner died before queueing it, but not a fresh one', async () => {
    // Prepare
    const call = await storedCall();
    await surveys.createSurvey({
      contactId: call.contactId,
      status: 'scheduled',
      scheduledAt: minutesAfterEnd(1).toISOString(),
      notBefore: minutesAfterEnd(10).toISOString(),
      expiresAt: call.expiresAt,
    });
    const h = harness();
    // Act
    h.at(1.5);
    const fresh = await scheduleSurvey(call, h.deps);
    h.at(3);
    const stale = await scheduleSurvey(call, h.deps);
    const after = await scheduleSurvey(call, h.deps);
    // Assess
    expect([fresh.outcome, stale.outcome, after.outcome]).toEqual([
      'in-progress',
      'scheduled',
      'already-scheduled',
    ]);
    expect(h.jobs).toHaveLength(1);
  });

  it('N13: a survey is gone once its call has expired, and is not sent', async () => {
    // Prepare
    const call = await storedCall();
    const h = harness();
    h.at(1);
    await scheduleSurvey(call, h.deps);
    const afterExpiry = new Date(((call.expiresAt as number) + 1) * 1000);
    // Act
    const outcome = await sendSurvey(
      { contactId: call.contactId, notBefore: minutesAfterEnd(10).toISOString() },
      { ...h.deps, now: () => afterExpiry },
    );
    // Assess
    expect(await surveys.getSurvey(call.contactId, afterExpiry)).toBeUndefined();
    expect(outcome).toBe('no-survey');
    expect(h.sent).toEqual([]);
  });

  it('N10: a second call from the same number within 30 days gets no survey', async () => {
    // Prepare
    const first = await storedCall();
    const second = { ...(await storedCall()), customerNumber: first.customerNumber };
    await calls.saveCall(second, { expectedVersion: 1 });
    const h = harness();
    h.at(1);
    await scheduleSurvey(first, h.deps);
    await scheduleSurvey(second, h.deps);
    h.at(10);
    // Act: both jobs run at the same moment; the frequency cap lets one through.
    const outcomes = await Promise.all(
      [first, second].map((c) =>
        sendSurvey({ contactId: c.contactId, notBefore: minutesAfterEnd(10).toISOString() }, h.deps),
      ),
    );
    // Assess
    expect(outcomes.sort()).toEqual(['dropped', 'sent']);
    expect(h.sent).toHaveLength(1);
  });
});

describe('handleSurveyReply against DynamoDB (N14)', () => {
  it('N14: counts one score per survey, in aggregate counters only', async () => {
    // Prepare
    const call = await storedCall();
    const h = harness();
    h.at(1);
    await scheduleSurvey(call, h.deps);
    h.at(10);
    await sendSurvey({ contactId: call.contactId, notBefore: minutesAfterEnd(10).toISOString() }, h.deps);
    const from = call.customerNumber as string;
    const before = await surveys.readStats('2026-01-15', '2026-01-15');
    // Act
    const outcomes = [
      await handleSurveyReply({ from, text: '5', receivedAt: minutesAfterEnd(20) }, h.deps),
      await handleSurveyReply({ from, text: '1', receivedAt: minutesAfterEnd(21) }, h.deps),
      await handleSurveyReply({ from, text: 'kiitos!', receivedAt: minutesAfterEnd(22) }, h.deps),
    ];
    // Assess
    expect(outcomes).toEqual(['scored', 'already-answered', 'other']);
    const after = await surveys.readStats('2026-01-15', '2026-01-15');
    const count = (rows: typeof after, f: 'score5' | 'score1' | 'otherReplies' | 'responses') =>
      rows.filter((r) => r.serviceNumber === '+358968298003').reduce((s, r) => s + (r.counts[f] ?? 0), 0);
    expect(count(after, 'responses') - count(before, 'responses')).toBe(1);
    expect(count(after, 'score5') - count(before, 'score5')).toBe(1);
    expect(count(after, 'score1') - count(before, 'score1')).toBe(0);
    expect(count(after, 'otherReplies') - count(before, 'otherReplies')).toBe(1);
  });

  it('does not count a score that arrives more than 72 h after the survey', async () => {
    // Prepare
    const call = await storedCall();
    const h = harness();
    h.at(1);
    await scheduleSurvey(call, h.deps);
    h.at(10);
    await sendSurvey({ contactId: call.contactId, notBefore: minutesAfterEnd(10).toISOString() }, h.deps);
    // Act
    const late = await handleSurveyReply(
      { from: call.customerNumber as string, text: '4', receivedAt: minutesAfterEnd(10 + 72 * 60 + 1) },
      h.deps,
    );
    // Assess
    expect(late).toBe('no-open-survey');
    expect(await surveys.getSurvey(call.contactId)).toMatchObject({ status: 'sent' });
  });

  it('sends the optional opt-out confirmation once', async () => {
    // Prepare
    const call = await storedCall();
    const h = harness();
    const deps = { ...h.deps, optOutConfirmation: 'Et saa enää kyselyjä.' };
    // Act
    const outcomes = [
      await handleSurveyReply({ from: call.customerNumber as string, text: 'STOP' }, deps),
      await handleSurveyReply({ from: call.customerNumber as string, text: 'stop' }, deps),
    ];
    // Assess
    expect(outcomes).toEqual(['opted-out', 'already-opted-out']);
    expect(h.sent).toEqual([call.customerNumber]);
  });

  it('N10: past the global daily cap a survey is skipped and counted, never sent or queued again', async () => {
    // Prepare
    const first = await storedCall();
    const second = await storedCall();
    const h = harness();
    const deps = { ...h.deps, dailyCap: 1 };
    h.at(1);
    await scheduleSurvey(first, deps);
    await scheduleSurvey(second, deps);
    h.at(10);
    const jobsBefore = h.jobs.length;
    // Act
    const outcomes = [
      await sendSurvey({ contactId: first.contactId, notBefore: minutesAfterEnd(10).toISOString() }, deps),
      await sendSurvey({ contactId: second.contactId, notBefore: minutesAfterEnd(10).toISOString() }, deps),
    ];
    // Assess
    expect(outcomes).toEqual(['sent', 'capped']);
    expect(h.sent).toEqual([first.customerNumber]);
    expect(h.jobs).toHaveLength(jobsBefore);
    expect(await surveys.getSurvey(second.contactId)).toMatchObject({
      status: 'dropped',
      reason: 'daily-cap',
    });
    const counter = await dynamoDocumentClient().send(
      new GetCommand({ TableName: LOCAL_NAMES.contactsTable, Key: surveyCapKey('2026-01-15') }),
    );
    expect(counter.Item).toMatchObject({ sent: 1, skipped: 1 });
    expect(JSON.stringify(counter.Item)).not.toMatch(/\+?358\d{6,}/);
  });

  it('N10: an account-level SMS error pauses every survey without losing one, and sending resumes after the pause', async () => {
    // Prepare
    const blocked = await storedCall();
    const other = await storedCall();
    let refuse = true;
    const h = harness({
      send: async () => {
        if (refuse)
          throw new SmsAccountBlockedError('the account cannot send SMS now (AuthorizationErrorException)');
        return { messageId: 'm-after-pause' };
      },
    });
    h.at(1);
    await scheduleSurvey(blocked, h.deps);
    await scheduleSurvey(other, h.deps);
    h.at(10);
    const jobOf = (call: CallRecord) => ({
      contactId: call.contactId,
      notBefore: minutesAfterEnd(10).toISOString(),
    });
    try {
      // Act
      const paused = [await sendSurvey(jobOf(blocked), h.deps), await sendSurvey(jobOf(other), h.deps)];
      const requeued = h.jobs.slice(-2);
      refuse = false;
      h.at(75);
      const resumed = [await sendSurvey(jobOf(blocked), h.deps), await sendSurvey(jobOf(other), h.deps)];
      // Assess
      expect(paused).toEqual(['paused', 'paused']);
      expect(requeued.map((j) => [j.job.contactId, j.delaySeconds])).toEqual([
        [blocked.contactId, PAUSED_RETRY_SECONDS],
        [other.contactId, PAUSED_RETRY_SECONDS],
      ]);
      expect(resumed).toEqual(['sent', 'sent']);
      expect(h.sent).toEqual([blocked.customerNumber, other.customerNumber]);
    } finally {
      await dynamoDocumentClient().send(
        new DeleteCommand({ TableName: LOCAL_NAMES.contactsTable, Key: SURVEY_PAUSE_KEY }),
      );
    }
  });
});
