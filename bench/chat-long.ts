/**
 * Benchmark: one long chat through the real webhook handler into the local emulators.
 *
 *   POWERTOOLS_LOG_LEVEL=ERROR npx tsx bench/chat-long.ts --messages 2000 --bytes 8192 --concurrency 6 [--open-hours 48]
 *
 * Starts the whole local system in a temp folder, delivers `chat.started`, `messages` signed
 * `chat.message` webhooks of `bytes` UTF-8 bytes of mixed Unicode each (shuffled order,
 * `concurrency` in flight), then `chat.ended` (which re-stamps every message's expiry), then reads
 * the transcript back. Prints time per phase, per-message latency percentiles and item sizes.
 * Figures are for dynalite on this machine, not for DynamoDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LOCAL_NAMES } from '../local/emulators';
import { startLocalServer } from '../local/server';
import { DynamoChatStore } from '../shared/chats/dynamo-chat-store';
import { readChat } from '../shared/chats/read-chat';
import { contactIdFor } from '../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { unicodeText } from '../test/integration/chats/fixtures';
import { postSigned, TEST_PEPPER, TEST_SECRET } from '../test/support/webhooks';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    bytes: { type: 'string', default: '8192' },
    concurrency: { type: 'string', default: '6' },
    'open-hours': { type: 'string', default: '1' },
  },
});
const MESSAGES = Number(values.messages);
const BYTES = Number(values.bytes);
const CONCURRENCY = Number(values.concurrency);
/** How long the chat was open: over 22 h, chat.ended raises the TTL of every older message. */
const OPEN_HOURS = Number(values['open-hours']);

async function main() {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const tmp = mkdtempSync(join(tmpdir(), 'chat-bench-'));
  const system = await startLocalServer({
    s3Dir: join(tmp, 's3'),
    webhookSecret: TEST_SECRET,
    platforms: [{ slug: 'bench', kind: 'standard-webhooks', secret: { current: TEST_SECRET } }],
    pepper: TEST_PEPPER,
  });
  try {
    const url = `${system.url}/webhooks/bench/chats`;
    const ref = { provider: 'bench', chatId: `bench-${Date.now()}` };
    const contactId = contactIdFor('chat', ref.provider, ref.chatId);
    const startedAt = new Date(Date.now() - OPEN_HOURS * 3_600_000).toISOString();
    const order = Array.from({ length: MESSAGES }, (_, i) => (i % 2 ? MESSAGES - 1 - (i >> 1) : i >> 1));

    let t = performance.now();
    const started = await postSigned(url, {
      type: 'chat.started',
      data: { ...ref, channel: 'chatbot', origin: 'vero-chatbot', startedAt, nickname: 'Bench' },
    });
    check('chat.started', started);

    const latencies: number[] = [];
    let next = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < order.length) {
          const seq = order[next++] as number;
          const sentAt = new Date(Date.parse(startedAt) + seq * 1000).toISOString(); // all in the first hour
          const began = performance.now();
          const res = await postSigned(url, {
            type: 'chat.message',
            data: {
              ...ref,
              seq,
              role: seq % 2 ? 'agent' : 'customer',
              agentName: 'Aino',
              text: unicodeText(BYTES, seq),
              sentAt,
            },
          });
          latencies.push(performance.now() - began);
          check(`chat.message ${seq}`, res);
        }
      }),
    );
    const messagesMs = performance.now() - t;

    t = performance.now();
    const ended = await postSigned(url, {
      type: 'chat.ended',
      data: { ...ref, endedAt: new Date().toISOString() },
    });
    check('chat.ended', ended);
    const endMs = performance.now() - t;

    t = performance.now();
    const view = await readChat(contactId, {
      chats: new DynamoChatStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    });
    const readMs = performance.now() - t;
    if (view?.messages.length !== MESSAGES) throw new Error(`read ${view?.messages.length} messages`);

    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(0);
    const maxItem = Math.max(...view.messages.map((m) => Buffer.byteLength(JSON.stringify(m), 'utf8')));
    console.log(`chat of ${MESSAGES} messages × ${BYTES} B UTF-8 (concurrency ${CONCURRENCY}, dynalite):`);
    console.log(
      `  deliver messages: ${(messagesMs / 1000).toFixed(1)} s  (${(MESSAGES / (messagesMs / 1000)).toFixed(0)} msg/s; latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms)`,
    );
    console.log(
      `  chat.ended after ${OPEN_HOURS} h open (${OPEN_HOURS > 22 ? `raises ${MESSAGES} message TTLs` : 'no TTL raise needed'}): ${(endMs / 1000).toFixed(2)} s`,
    );
    console.log(`  read transcript in order: ${(readMs / 1000).toFixed(2)} s`);
    console.log(`  largest message item ≈ ${(maxItem / 1024).toFixed(1)} KB (DynamoDB limit 400 KB)`);
  } finally {
    await system.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function check(what: string, res: { status: number; body: unknown }) {
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
