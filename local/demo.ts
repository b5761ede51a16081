import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { callApi } from '../cli/api-client';
import { printRecord, printTable } from '../cli/output';
import { signedWebhookHeaders } from '../cli/webhook-headers';
import { contactIdFor } from '../shared/kernel/contact-id';
import type { SurveyReport } from '../shared/surveys/report';
import { LOCAL_TWILIO_PLATFORM, LOCAL_TWILIO_SECRET, localBaseUrl, localWebhookSecret } from './defaults';

const contactIdOf = (sid: string) => contactIdFor('call', LOCAL_TWILIO_PLATFORM, sid);

/**
 * `npm run demo` (with `npm start` running): plays a contact-center platform
 * (`npm run demo -- --platform twilio`: a Twilio number's native status callbacks). Sends a signed
 * call lifecycle — out of order and with a duplicate, as real platforms do — then shows the
 * stored record through the ops API, as the CLI's `contact show` does. Then plays the caller:
 * waits for the survey SMS, answers it, and shows the aggregate survey report.
 */
const base = localBaseUrl();
const api = { api: base, region: 'eu-north-1', user: 'demo' };
const outbox = join(process.cwd(), '.local', 'sms-outbox.jsonl');
const surveyWaitSeconds = Number(process.env.DEMO_SURVEY_WAIT_SECONDS ?? 40);

async function send(payload: object, id = `msg_${randomUUID()}`) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${base}/webhooks/demo-cc/calls`, {
    method: 'POST',
    headers: signedWebhookHeaders(localWebhookSecret(), body, { id }),
    body,
  });
  const result = (await response.json()) as {
    contactId?: string;
    outcome?: string;
    error?: { message: string };
  };
  const label = (payload as { type: string }).type.padEnd(14);
  console.log(`  ${label} -> ${response.status} ${result.outcome ?? result.error?.message ?? ''}`);
  return result;
}

/** `--platform twilio`: play a Twilio number's status callbacks, signed by the official library. */
async function sendTwilio(params: Record<string, string>) {
  const path = `/webhooks/${LOCAL_TWILIO_PLATFORM}/twilio/voice/status`;
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(LOCAL_TWILIO_SECRET.current, `${base}${path}`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  const result = (await response.json()) as {
    contactId?: string;
    outcome?: string;
    error?: { message: string };
  };
  console.log(
    `  ${(params.CallStatus ?? '').padEnd(12)} #${params.SequenceNumber} -> ${response.status} ${result.outcome ?? result.error?.message ?? ''}`,
  );
  return result;
}

async function twilioCall(caller: string): Promise<string | undefined> {
  const sid = `CA${randomBytes(16).toString('hex')}`;
  const start = Date.now() - 5 * 60_000;
  const at = (seconds: number) => new Date(start + seconds * 1000).toUTCString().replace('GMT', '+0000');
  const common = {
    AccountSid: LOCAL_TWILIO_SECRET.accountSid,
    CallSid: sid,
    Direction: 'inbound',
    From: caller,
    To: '+358968298003',
    ApiVersion: '2010-04-01',
    CallerName: 'dropped at the door (N15)',
  };
  const event = (CallStatus: string, seconds: number, SequenceNumber: number, extra = {}) => ({
    ...common,
    CallStatus,
    Timestamp: at(seconds),
    SequenceNumber: String(SequenceNumber),
    ...extra,
  });
  console.log(
    `Sending a Twilio number's status callbacks to ${base}/webhooks/${LOCAL_TWILIO_PLATFORM}/twilio/voice/status`,
  );
  const completed = event('completed', 240, 3, { CallDuration: '225' });
  await sendTwilio(event('initiated', 0, 0));
  await sendTwilio(completed);
  await sendTwilio(event('ringing', 2, 1));
  await sendTwilio(event('in-progress', 15, 2));
  const last = await sendTwilio(completed); // Twilio retried it: a duplicate
  return last.outcome === 'duplicate' ? contactIdOf(sid) : last.contactId;
}

async function main() {
  if (process.argv.includes('twilio') && process.argv.includes('--platform')) {
    const caller = `+35840${randomInt(1_000_000, 9_999_999)}`;
    const contactId = await twilioCall(caller);
    if (!contactId) throw new Error('the demo call was not stored');
    console.log(`\ncontact show ${contactId}`);
    const view = await callApi<{ customerNumber?: string }>(
      api,
      'GET',
      `ops/contacts/${contactId}`,
      undefined,
      { reason: 'demo walkthrough' },
    );
    printRecord(view, {});
    if (view.customerNumber) await survey(view.customerNumber);
    return;
  }
  const callId = `demo-${Date.now()}`;
  const start = new Date(Date.now() - 5 * 60_000);
  const answered = new Date(start.getTime() + 15_000);
  const ended = new Date(start.getTime() + 4 * 60_000);
  const common = { provider: 'demo-cc', callId };
  // A fresh Finnish mobile number each run: the survey cool-down would skip a repeat caller.
  const caller = `040 ${randomInt(1_000_000, 9_999_999)}`;
  console.log(`Sending a signed call lifecycle to ${base}/webhooks/demo-cc/calls`);
  await send({
    type: 'call.started',
    data: {
      ...common,
      direction: 'inbound',
      from: caller,
      to: '09 6829 8003',
      startedAt: start.toISOString(),
      callerName: 'dropped at the door (N15)',
    },
  });
  const endedId = `msg_${randomUUID()}`;
  await send({ type: 'call.ended', data: { ...common, endedAt: ended.toISOString() } }, endedId);
  await send({ type: 'call.answered', data: { ...common, answeredAt: answered.toISOString() } });
  const last = await send({ type: 'call.ended', data: { ...common, endedAt: ended.toISOString() } }, endedId);
  if (!last.contactId) throw new Error('the demo call was not stored');

  console.log(`\ncontact show ${last.contactId}`);
  const view = await callApi<{ customerNumber?: string }>(
    api,
    'GET',
    `ops/contacts/${last.contactId}`,
    undefined,
    {
      reason: 'demo walkthrough',
    },
  );
  printRecord(view, {});
  if (view.customerNumber) await survey(view.customerNumber);
}

/** The caller's side: the survey SMS arrives (after the local delay), they answer "4". */
async function survey(number: string) {
  console.log(`
Waiting up to ${surveyWaitSeconds} s for the survey SMS (sent a short delay after the call)…`);
  const deadline = Date.now() + surveyWaitSeconds * 1000;
  let sms: { message: string } | undefined;
  while (!sms && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    sms = readOutbox().find((m) => m.phoneNumber === number);
  }
  if (!sms) {
    console.log(
      '  no SMS yet: surveys go out 09:00–20:00 Helsinki time; this one waits for the window to open.',
    );
    return;
  }
  console.log(`  SMS: ${sms.message}`);
  const reply = await fetch(`${base}/local/sms/replies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ originationNumber: number, messageBody: '4' }),
  });
  console.log(`  caller replies "4" -> ${reply.status}`);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
  const report = await callApi<SurveyReport>(api, 'GET', 'ops/surveys/report', undefined, {
    from: today,
    to: today,
  });
  console.log(`
survey report ${today} (aggregate only)`);
  printTable(
    report.lines.map((l) => ({
      service: l.serviceNumber,
      sent: l.sent,
      responses: l.responses,
      average: l.averageScore,
    })),
    ['service', 'sent', 'responses', 'average'],
    {},
  );
}

function readOutbox(): { phoneNumber: string; message: string }[] {
  if (!existsSync(outbox)) return [];
  return readFileSync(outbox, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

main().catch((error) => {
  console.error(`demo failed: ${(error as Error).message}`);
  console.error(`Is \`npm start\` running on ${base}?`);
  process.exit(1);
});
