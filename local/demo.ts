import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { callApi } from '../cli/api-client';
import { printRecord } from '../cli/output';
import { localBaseUrl, localWebhookSecret } from './defaults';

/**
 * `npm run demo` (with `npm start` running): plays a contact-center platform. Sends a signed
 * call lifecycle — out of order and with a duplicate, as real platforms do — then shows the
 * stored record through the ops API, as the CLI's `contact show` does.
 */
const base = localBaseUrl();
const webhook = new Webhook(localWebhookSecret());

async function send(payload: object, id = `msg_${randomUUID()}`) {
  const body = JSON.stringify(payload);
  const now = new Date();
  const response = await fetch(`${base}/webhooks/calls`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': webhook.sign(id, now, body),
    },
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

async function main() {
  const callId = `demo-${Date.now()}`;
  const start = new Date(Date.now() - 5 * 60_000);
  const answered = new Date(start.getTime() + 15_000);
  const ended = new Date(start.getTime() + 4 * 60_000);
  const common = { provider: 'demo-cc', callId };
  console.log(`Sending a signed call lifecycle to ${base}/webhooks/calls`);
  await send({
    type: 'call.started',
    data: {
      ...common,
      direction: 'inbound',
      from: '040 123 4567',
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
  const view = await callApi<object>(
    { api: base, region: 'eu-north-1', user: 'demo' },
    'GET',
    `ops/contacts/${last.contactId}`,
  );
  printRecord(view, {});
}

main().catch((error) => {
  console.error(`demo failed: ${(error as Error).message}`);
  console.error(`Is \`npm start\` running on ${base}?`);
  process.exit(1);
});
