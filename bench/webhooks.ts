/**
 * Webhook throughput and request count (issue #15): the real call and chat handlers
 * (functions/call-events.ts, functions/chat-events.ts) driven in-process against the local
 * emulators (dynalite for DynamoDB, the in-repo SQS and Secrets Manager fakes), at several
 * concurrencies, beside a raw PutItem loop on the same dynalite in the same run. Every AWS
 * request is counted by an SDK middleware, per event type.
 *
 *   npm run bench:webhooks [-- --events 256] [-- --bundled]
 *
 * `--bundled` runs the functions as deployed instead: each built with the stack's esbuild settings
 * (infra/constructs/bundling.ts) and loaded from its bundle. The bundles carry their own copy of the
 * SDK, so the request counts stay empty in that mode; every response is still checked.
 *
 * Bounded (a fixed number of events per level) and loopback-only.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { build } from 'esbuild';
import { signedWebhookHeaders } from '../cli/webhook-headers';
import { bundleFileName, esbuildOptions } from '../infra/constructs/bundling';
import { LOCAL_NAMES, startEmulators } from '../local/emulators';
import { localContext } from '../local/lambda-http';
import { numberFlag } from './measure';

const SECRET = `whsec_${Buffer.from('bench-webhook-signing-secret-0123').toString('base64')}`;
const PEPPER = 'bench-pepper-0123456789abcdef';
const CONCURRENCY = [1, 16, 64];

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

// --- request counting: one SDK middleware on every client, whoever created it ----------------
const counts = new Map<string, number>();
/** Every SDK client class shares smithy's Client.prototype: hook `send` to add the counter once. */
function countEveryRequest() {
  const proto = Object.getPrototypeOf(DynamoDBClient.prototype) as {
    send: (...args: unknown[]) => unknown;
  };
  const send = proto.send;
  const hooked = new WeakSet<object>();
  proto.send = function (this: { middlewareStack: { add: (...a: unknown[]) => void } }, ...args: unknown[]) {
    if (!hooked.has(this)) {
      hooked.add(this);
      this.middlewareStack.add(
        (next: (a: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
          async (a: unknown) => {
            const key = `${(context.clientName ?? '?').replace(/Client$/, '')} ${context.commandName?.replace(/Command$/, '')}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
            return next(a);
          },
        // innermost step: each HTTP attempt (retries included) passes here once
        { step: 'deserialize', name: 'benchRequestCounter' },
      );
    }
    return send.apply(this, args);
  };
}

// --- events ------------------------------------------------------------------------------------
let seq = 0;
function signed(routeKey: string, payload: unknown, id = `msg_${randomUUID()}`): APIGatewayProxyEventV2 {
  const body = JSON.stringify(payload);
  const at = new Date();
  const [method = 'POST', rawPath = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    pathParameters: { platform: 'bench-cc' },
    headers: signedWebhookHeaders(SECRET, body, { id, at }),
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'bench',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

/** A call's three events; a mobile caller gets a survey when the call ends, a landline caller not. */
function newCall(mobile: boolean) {
  const n = ++seq;
  const ref = { provider: 'bench-cc', callId: `CA-${process.pid}-${n}` };
  const t = Date.now();
  const iso = (minutesAgo: number) => new Date(t - minutesAgo * 60_000).toISOString();
  // unique numbers, so no caller is inside another survey's cool-down
  const from = mobile
    ? `+35840${String(1_000_000 + n).slice(-7)}`
    : `+3589${String(6_000_000 + n).slice(-7)}`;
  return {
    started: {
      type: 'call.started',
      data: { ...ref, direction: 'inbound', from, to: '+358968298003', startedAt: iso(5) },
    },
    answered: { type: 'call.answered', data: { ...ref, answeredAt: iso(4) } },
    ended: { type: 'call.ended', data: { ...ref, endedAt: iso(1) } },
  };
}
function newChat() {
  const ref = { provider: 'bench-cc', chatId: `CH-${process.pid}-${++seq}` };
  const startedAt = new Date(Date.now() - 5 * 60_000).toISOString();
  return {
    started: {
      type: 'chat.started',
      data: { ...ref, channel: 'web-chat', origin: 'own-site', startedAt, nickname: null },
    },
    message: (i: number) => ({
      type: 'chat.message',
      data: {
        ...ref,
        seq: i,
        role: 'customer',
        text: `Hei, viesti ${i}`,
        sentAt: new Date(Date.parse(startedAt) + (i + 1) * 1000).toISOString(),
      },
    }),
  };
}

async function invoke(handler: Handler, event: APIGatewayProxyEventV2, fn: string) {
  const result = (await handler(event, localContext(fn))) as { statusCode?: number; body?: string };
  if (!result.statusCode || result.statusCode >= 300) {
    throw new Error(`${fn} answered ${result.statusCode}: ${result.body}`);
  }
}

// --- measurement helpers -------------------------------------------------------------------------
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** `total` jobs, `concurrency` at a time; each job's latency in ms. */
async function drive(total: number, concurrency: number, job: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await job(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

async function main() {
  const events = numberFlag('events', 256);
  const tmp = mkdtempSync(path.join(tmpdir(), 'bench-webhooks-'));
  const emulators = await startEmulators({
    s3Dir: path.join(tmp, 's3'),
    webhookSecret: SECRET,
    platforms: [{ slug: 'bench-cc', kind: 'standard-webhooks', secret: { current: SECRET } }],
    pepper: PEPPER,
  });
  Object.assign(process.env, emulators.env, {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // every mobile caller is due a survey, at any hour, right away
    SURVEY_SAMPLING_RATE: '1',
    SURVEY_WINDOW: '00:00-24:00',
    SURVEY_DELAY_SECONDS: '0',
    SURVEY_COOLDOWN_DAYS: '0',
  });
  countEveryRequest();
  try {
    const load = async (name: string): Promise<Handler> => {
      if (!process.argv.includes('--bundled')) return (await import(`../functions/${name}`)).handler;
      const outfile = path.join(tmp, name, bundleFileName());
      await build({
        ...esbuildOptions(),
        entryPoints: [path.join(__dirname, '..', 'functions', `${name}.ts`)],
        outfile,
      });
      return (await import(outfile)).handler;
    };
    const calls = await load('call-events');
    const chats = await load('chat-events');
    const call = (payload: unknown, id?: string) =>
      invoke(calls, signed('POST /webhooks/bench-cc/calls', payload, id), 'call-events');
    const chat = (payload: unknown, id?: string) =>
      invoke(chats, signed('POST /webhooks/bench-cc/chats', payload, id), 'chat-events');

    // Requests per event type, one event at a time, after a warm-up that caches the secrets.
    const warm = newCall(true);
    for (const e of [warm.started, warm.answered, warm.ended]) await call(e);
    const perEvent: [string, Map<string, number>][] = [];
    const measure = async (label: string, work: () => Promise<void>) => {
      counts.clear();
      await work();
      perEvent.push([label, new Map(counts)]);
    };
    const landline = newCall(false);
    const mobile = newCall(true);
    const replayId = `msg_${randomUUID()}`;
    await measure('call.started', () => call(landline.started, replayId));
    await measure('call.answered', () => call(landline.answered));
    await measure('call.ended (no survey: landline)', () => call(landline.ended));
    await call(mobile.started);
    await call(mobile.answered);
    await measure('call.ended (survey scheduled)', () => call(mobile.ended));
    await measure('call.ended again, new webhook-id (survey already scheduled)', () => call(mobile.ended));
    await measure('replay of a call event (same webhook-id)', () => call(landline.started, replayId));
    const c = newChat();
    await measure('chat.started', () => chat(c.started));
    const chatReplayId = `msg_${randomUUID()}`;
    await measure('chat.message', () => chat(c.message(0), chatReplayId));
    await measure('chat.message (next)', () => chat(c.message(1)));
    await measure('replay of a chat event (same webhook-id)', () => chat(c.message(0), chatReplayId));

    console.log('AWS requests per event (SDK middleware count; secrets already cached)\n');
    console.log('| event | requests | DynamoDB | SQS | Secrets Manager | which |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const [label, m] of perEvent) {
      const by = (svc: string) => [...m].filter(([k]) => k.startsWith(svc)).reduce((s, [, v]) => s + v, 0);
      const total = [...m.values()].reduce((s, v) => s + v, 0);
      const which = [...m].map(([k, v]) => `${k}${v > 1 ? ` x${v}` : ''}`).join(', ');
      console.log(
        `| ${label} | ${total} | ${by('DynamoDB')} | ${by('SQS')} | ${by('SecretsManager')} | ${which} |`,
      );
    }

    // Throughput: the raw loop, then the handlers, at each concurrency, on the same dynalite.
    const raw = new DynamoDBClient({});
    const rows: string[][] = [];
    const row = (
      label: string,
      concurrency: number,
      run: Awaited<ReturnType<typeof drive>>,
      ratio: string,
    ) => [
      label,
      String(concurrency),
      run.perSecond.toFixed(0),
      run.p50.toFixed(1),
      run.p99.toFixed(1),
      ratio,
    ];
    for (const concurrency of CONCURRENCY) {
      const base = await drive(events, concurrency, async () => {
        await raw.send(
          new PutItemCommand({
            TableName: LOCAL_NAMES.contactsTable,
            Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: 'META' }, kind: { S: 'bench' } },
          }),
        );
      });
      rows.push(row('raw PutItem', concurrency, base, '1.00x'));
      const lifecycle = Array.from({ length: Math.ceil(events / 3) }, (_, i) => newCall(i % 3 === 0));
      const callRun = await drive(lifecycle.length * 3, concurrency, async (i) => {
        // events in lifecycle order per call: all started, then answered, then ended
        const lc = lifecycle[i % lifecycle.length];
        if (!lc) return;
        await call([lc.started, lc.answered, lc.ended][Math.floor(i / lifecycle.length)]);
      });
      rows.push(
        row(
          'call events (started/answered/ended, 1 in 3 with survey)',
          concurrency,
          callRun,
          `${(callRun.perSecond / base.perSecond).toFixed(2)}x`,
        ),
      );
      const chatsOpen = Array.from({ length: concurrency }, () => newChat());
      for (const ch of chatsOpen) await chat(ch.started);
      const chatRun = await drive(events, concurrency, async (i) => {
        const ch = chatsOpen[i % chatsOpen.length];
        if (ch) await chat(ch.message(Math.floor(i / chatsOpen.length)));
      });
      rows.push(
        row('chat.message', concurrency, chatRun, `${(chatRun.perSecond / base.perSecond).toFixed(2)}x`),
      );
    }
    console.log(
      `\nThroughput, ${events} events per row, in-process handlers on dynalite (node ${process.version})\n`,
    );
    console.log('| workload | concurrency | events/s | p50 ms | p99 ms | vs raw PutItem |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    await emulators.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
