import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_NAMES } from '../../../local/emulators';
import { contactPk, META, SURVEY_SK } from '../../../shared/kernel/table-keys';
import { helsinkiDay } from '../../../shared/kernel/time';
import type { SurveyReport } from '../../../shared/surveys/report';
import { DEFAULT_SURVEY_TEXT } from '../../../shared/surveys/text';
import { getItem, startSystem } from '../../support/local-system';
import { postSigned } from '../../support/webhooks';
import { answeredInboundCall, deliverCall, eventually, reply, type System } from './fixtures';

const ORIGINATION = '+358451234567';
let system: System;
beforeAll(async () => {
  // Send as soon as the call ends, at any hour, so the tests do not depend on the clock.
  process.env.SURVEY_DELAY_SECONDS = '0';
  process.env.SURVEY_WINDOW = '00:00-24:00';
  process.env.SURVEY_ORIGINATION_IDENTITY = ORIGINATION;
  // No frequency cap here, so a test about opt-out is not passed by the cap instead.
  process.env.SURVEY_COOLDOWN_DAYS = '0';
  system = await startSystem();
});
afterAll(async () => system.close());

/** Until no survey job is running or due: no fixed sleep before "nothing (more) was sent". */
const surveyQueueDrained = () => system.emulators.sqs.queue(LOCAL_NAMES.surveyQueue).drained();
const smsTo = (number: string) => system.emulators.outbox.filter((sms) => sms.phoneNumber === number);
const survey = (contactId: string) => getItem(contactPk(contactId), SURVEY_SK);
/** The aggregate report for today, as ops get it (GET /ops/surveys/report, audited). */
async function todaysReport(): Promise<SurveyReport> {
  const today = helsinkiDay(new Date());
  const res = await fetch(`${system.url}/ops/surveys/report?from=${today}&to=${today}`, {
    headers: { 'x-ops-user': 'survey-test' },
  });
  if (res.status !== 200) throw new Error(`report answered ${res.status}`);
  return (await res.json()) as SurveyReport;
}

describe('SMS surveys end to end (N10, N14)', () => {
  it('N10: an answered inbound call gets one survey SMS; a "4/5" reply shows in the aggregate report only', async () => {
    // Prepare
    const call = answeredInboundCall();
    const before = (await todaysReport()).lines.find((l) => l.serviceNumber === '+358968298003');
    // Act
    await deliverCall(system, call);
    await eventually(() => smsTo(call.mobile).length === 1);
    const status = await reply(system, call.mobile, ' 4/5 ');
    // Assess
    expect(status).toBe(202);
    expect(smsTo(call.mobile)).toHaveLength(1);
    const item = await survey(call.contactId);
    expect(item).toMatchObject({ status: 'answered' });
    expect(Object.keys(item ?? {}).filter((k) => /score/i.test(k))).toEqual([]); // N14
    const line = (await todaysReport()).lines.find((l) => l.serviceNumber === '+358968298003');
    expect(line?.sent).toBe((before?.sent ?? 0) + 1);
    expect(line?.responses).toBe((before?.responses ?? 0) + 1);
    expect(line?.distribution['4']).toBe((before?.distribution['4'] ?? 0) + 1);
  });

  it('N14: `survey report` prints the aggregate table (the CLI over the ops API)', async () => {
    // Prepare
    const root = join(__dirname, '..', '..', '..');
    const today = helsinkiDay(new Date());
    // Act
    const { stdout } = await promisify(execFile)(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'cli', 'main.ts'), '--api', system.url, 'survey', 'report', '--from', today, '--to', today],
      { cwd: root },
    );
    // Assess
    expect(stdout).toContain(`SMS surveys ${today} .. ${today}`);
    expect(stdout).toMatch(/service number\s+sent\s+responses\s+response rate\s+average\s+1\/2\/3\/4\/5/);
    expect(stdout).toMatch(/\+358968298003\s+\d+\s+\d+\s+[\d.]+ %\s+[\d.]+\s+\d+\/\d+\/\d+\/\d+\/\d+/);
  }, 30_000);

  it('rejects a report period whose end is before its start, naming the field', async () => {
    const res = await fetch(`${system.url}/ops/surveys/report?from=2026-03-02&to=2026-03-01`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'from must not be after to',
    );
  });

  it('sends the SMS the way SNS receives it: Publish to the number, Transactional, with the origination identity', async () => {
    // Prepare
    const call = answeredInboundCall();
    // Act
    await deliverCall(system, call);
    await eventually(() => smsTo(call.mobile).length === 1);
    // Assess: the fake parsed this from the SDK's query-protocol request over HTTP.
    const [sms] = smsTo(call.mobile);
    expect(sms?.message).toBe(DEFAULT_SURVEY_TEXT);
    expect(sms?.attributes).toEqual({
      'AWS.SNS.SMS.SMSType': 'Transactional',
      'AWS.MM.SMS.OriginationNumber': ORIGINATION,
    });
    // The SMS is out before the sender records it as sent: wait for that write.
    await eventually(async () => (await survey(call.contactId))?.status === 'sent');
    expect(await survey(call.contactId)).toMatchObject({ status: 'sent', messageId: sms?.messageId });
  });

  it('N10: 50 concurrent duplicate call.ended deliveries give exactly one SMS', async () => {
    // Prepare
    const call = answeredInboundCall();
    await postSigned(`${system.url}/webhooks/acme-cc/calls`, call.started);
    await postSigned(`${system.url}/webhooks/acme-cc/calls`, call.answered);
    // Act: 25 distinct webhook ids and 25 replays of one id, all at once; then, like the
    // platform, retry every delivery that was not answered 2xx until it is.
    const replayId = `msg_replay_${call.contactId}`;
    const deliver = (i: number) =>
      postSigned(`${system.url}/webhooks/acme-cc/calls`, call.ended, i % 2 ? { id: replayId } : {});
    const first = await Promise.all(Array.from({ length: 50 }, (_, i) => deliver(i)));
    let pending = first.map((r, i) => (r.status === 200 ? -1 : i)).filter((i) => i >= 0);
    for (let round = 0; pending.length && round < 20; round++) {
      const again = await Promise.all(pending.map((i) => deliver(i)));
      pending = pending.filter((_, k) => again[k]?.status !== 200);
    }
    await eventually(() => smsTo(call.mobile).length >= 1);
    await surveyQueueDrained(); // every job, duplicates included, has been handled
    // Assess
    expect(first.some((r) => r.status === 200)).toBe(true);
    expect(pending).toEqual([]);
    expect(smsTo(call.mobile)).toHaveLength(1);
    expect(system.emulators.sqs.queue(LOCAL_NAMES.surveyQueue).deadLetters).toHaveLength(0);
  }, 60_000);

  it('N13: the survey item carries the call’s expiry, so it goes with the call', async () => {
    // Prepare
    const call = answeredInboundCall();
    // Act
    await deliverCall(system, call);
    await eventually(() => smsTo(call.mobile).length === 1);
    // Assess
    const meta = await getItem(contactPk(call.contactId), META);
    expect(typeof meta?.expiresAt).toBe('number');
    expect((await survey(call.contactId))?.expiresAt).toBe(meta?.expiresAt);
  });

  it('N10: never surveys an outbound call or a landline caller', async () => {
    // Prepare
    const outbound = answeredInboundCall();
    outbound.started.data.direction = 'outbound';
    [outbound.started.data.from, outbound.started.data.to] = ['+358 9 6829 8003', outbound.mobile];
    const landline = answeredInboundCall({ mobile: '+35896829 8100'.replace(' ', '') });
    // Act
    await deliverCall(system, outbound);
    await deliverCall(system, landline);
    await surveyQueueDrained();
    // Assess
    expect(smsTo(outbound.mobile)).toHaveLength(0);
    expect(smsTo(landline.mobile)).toHaveLength(0);
    expect(await survey(outbound.contactId)).toBeUndefined();
    expect(await survey(landline.contactId)).toBeUndefined();
  });

  it('N10: STOP in any case opts the number out; its next call gets no survey', async () => {
    // Prepare
    const first = answeredInboundCall();
    await deliverCall(system, first);
    await eventually(() => smsTo(first.mobile).length === 1);
    // Act
    expect(await reply(system, first.mobile, 'Lopeta')).toBe(202);
    const second = answeredInboundCall({ mobile: first.mobile });
    await deliverCall(system, second);
    await surveyQueueDrained();
    // Assess
    expect(smsTo(first.mobile)).toHaveLength(1);
    expect(await survey(second.contactId)).toBeUndefined();
  });
});
