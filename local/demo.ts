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
 * (`npm run demo -- --platform twilio`: a Twilio number's native status callbacks;
 * `--platform amazon-connect`: a Connect instance's call recording and CTRs). Sends a signed
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

/** `--platform amazon-connect`: a WAV tone of `seconds` (16-bit mono PCM, 8 kHz), as Connect records. */
function wavTone(seconds: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(seconds * rate * 2);
  for (let i = 0; i < seconds * rate; i++) {
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

async function postLocal(path: string, body: string | Uint8Array, contentType: string) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Amazon Connect writing an object into our bucket (local stand-in: local/connect.ts). */
async function connectWrites(
  kind: 'call-recordings' | 'chat-transcripts',
  name: string,
  body: string | Uint8Array,
  type: string,
) {
  const what = kind === 'call-recordings' ? 'a call recording' : 'a chat transcript';
  console.log(`Amazon Connect writes ${what}: POST ${base}/local/connect/${kind}/…`);
  const written = await postLocal(`/local/connect/${kind}/${name}`, body, type);
  console.log(`  -> ${String(written.key)}`);
  return written;
}

/**
 * `--platform amazon-connect`: play an Amazon Connect instance. Its call recording lands in the
 * bucket first (Connect names it; only the CTR's Recording.Location ties it to the contact), then
 * its CTR arrives on the stream twice (at least once), then an older update (a no-op). Fields
 * follow AWS's contact record data model:
 * https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
 */
async function connectCall(caller: string): Promise<string> {
  const contactId = randomUUID();
  const start = Date.now() - 5 * 60_000;
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const written = await connectWrites(
    'call-recordings',
    `${contactId}_${at(15).replace(/[-:]|\.\d+/g, '')}_UTC.wav`,
    new Uint8Array(wavTone(3)),
    'audio/wav',
  );
  const ctr = {
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    ContactId: contactId,
    InitialContactId: null,
    PreviousContactId: null,
    Channel: 'VOICE',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: at(0),
    ConnectedToSystemTimestamp: at(2),
    Agent: { ConnectedToAgentTimestamp: at(15), Username: 'dropped (N15)' },
    DisconnectTimestamp: at(240),
    LastUpdateTimestamp: at(250),
    CustomerEndpoint: { Address: caller, Type: 'TELEPHONE_NUMBER' },
    SystemEndpoint: { Address: '+358968298003', Type: 'TELEPHONE_NUMBER' },
    Attributes: { note: 'dropped at the door (N15)' },
    Queue: { Name: 'dropped (N15)' },
    Recording: { Location: written.location, Status: 'AVAILABLE', Type: 'AUDIO' },
  };
  const older = { ...ctr, DisconnectTimestamp: at(200), LastUpdateTimestamp: at(210) };
  console.log(`Amazon Connect's CTR stream: POST ${base}/local/connect/ctrs (Kinesis-shaped batches)`);
  for (const [label, batch] of [
    ['CTR', [ctr]],
    ['CTR again', [ctr]],
    ['older update', [older]],
  ] as const) {
    const result = await postLocal('/local/connect/ctrs', JSON.stringify(batch), 'application/json');
    const failures = (result.batchItemFailures as unknown[]).length;
    console.log(`  ${label.padEnd(14)} -> ${failures ? `${failures} failed` : 'ok'}`);
  }
  return contactIdFor('call', 'amazon-connect', contactId);
}

/**
 * `--platform amazon-connect`, the chat side: a chat's transcript lands in the bucket (its messages
 * are stored, then the object is deleted), then its CTR makes the chat (channel and origin).
 * Transcript items follow the Participant Service's `Item`:
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-participant_Item.html
 */
async function connectChat(): Promise<string> {
  const contactId = randomUUID();
  const start = Date.now() - 10 * 60_000;
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const item = (seconds: number, role: string, name: string, text: string) => ({
    AbsoluteTime: at(seconds),
    Content: text,
    ContentType: 'text/plain',
    Id: randomUUID(),
    Type: 'MESSAGE',
    ParticipantId: `p-${role.toLowerCase()}`,
    DisplayName: name,
    ParticipantRole: role,
  });
  const transcript = {
    Version: '2019-08-26',
    AWSAccountId: '111122223333',
    InstanceId: randomUUID(),
    InitialContactId: contactId,
    ContactId: contactId,
    Participants: [{ ParticipantId: 'p-customer' }, { ParticipantId: 'p-agent' }],
    Transcript: [
      item(1, 'SYSTEM', 'SYSTEM_MESSAGE', 'Tervetuloa! Yhdistän sinut asiakaspalveluun.'),
      item(5, 'CUSTOMER', 'Demo-asiakas', 'Hei, voinko siirtää eräpäivää?'),
      item(20, 'AGENT', 'Demo Agent', 'Hei! Katsotaan yhdessä.'),
      { AbsoluteTime: at(21), ContentType: 'application/vnd.amazonaws.connect.event.typing', Type: 'EVENT' },
    ],
  };
  console.log('');
  await connectWrites(
    'chat-transcripts',
    `${contactId}_${at(60).replace(/[-:]|\.\d+/g, '')}_UTC.json`,
    JSON.stringify(transcript),
    'application/json',
  );
  const ctr = {
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    ContactId: contactId,
    InitialContactId: null,
    PreviousContactId: null,
    Channel: 'CHAT',
    InitiationMethod: 'API',
    InitiationTimestamp: at(0),
    ConnectedToSystemTimestamp: at(0),
    DisconnectTimestamp: at(60),
    LastUpdateTimestamp: at(61),
    CustomerEndpoint: null,
    SystemEndpoint: null,
    Attributes: { note: 'dropped at the door (N15)' },
  };
  const result = await postLocal('/local/connect/ctrs', JSON.stringify([ctr]), 'application/json');
  const failures = (result.batchItemFailures as unknown[]).length;
  console.log(`  ${'chat CTR'.padEnd(14)} -> ${failures ? `${failures} failed` : 'ok'}`);
  return contactIdFor('chat', 'amazon-connect', contactId);
}

/**
 * `contact show` until `ready` says so: the recording's landed check and a transcript's messages are
 * stored in the background, after the request that started them has answered.
 */
async function waitForContact<T extends object>(contactId: string, ready: (view: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const view = await callApi<T>(api, 'GET', `ops/contacts/${contactId}`, undefined, {
      reason: 'demo walkthrough',
    });
    if (ready(view) || attempt === 19) return view;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  if (process.argv.includes('amazon-connect') && process.argv.includes('--platform')) {
    const caller = `+35840${randomInt(1_000_000, 9_999_999)}`;
    const contactId = await connectCall(caller);
    console.log(`\ncontact show ${contactId}`);
    const view = await waitForContact<{ recording?: unknown; customerNumber?: string }>(
      contactId,
      (v) => v.recording !== undefined,
    );
    printRecord(view, {});
    if (view.customerNumber) await survey(view.customerNumber);
    const chatId = await connectChat();
    console.log(`\ncontact show ${chatId}`);
    const { transcript = [], ...chat } = await waitForContact<{ transcript?: Record<string, unknown>[] }>(
      chatId,
      (v) => (v.transcript?.length ?? 0) >= 3,
    );
    printRecord(chat, {});
    printTable(transcript, ['sentAt', 'role', 'agentName', 'text'], {});
    return;
  }
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
