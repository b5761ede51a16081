/**
 * Benchmark: the retention sweep's work grows with the number of DUE contacts, not the table size.
 *
 *   npm run bench:sweep -- --live 1000000 --expired 100000
 *
 * Runs three sweeps on one in-memory dynalite table, loading more data between them:
 *   A: `live` live + `expired` due contacts
 *   B: 2×`live` live + `expired` due   (table doubled, same due count)
 *   C: 2×`live` live + 2×`expired` due (due count doubled)
 * and prints, per sweep: DynamoDB requests by kind, index entries and items read, time.
 * Objects are not in this benchmark (no S3): the per-contact object deletes are counted as the two
 * prefix listings the S3 adapter would make. Flags: --live, --expired, --load-concurrency.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { contactsTableInput } from '../local/emulators';
import { contactPk, expiryIndex, META, SWEEP_STATE_KEY } from '../shared/kernel/table-keys';
import { addDays, helsinkiDay } from '../shared/kernel/time';
import { DynamoRetentionStore } from '../shared/retention/dynamo-retention-store';
import { type ContactObjects, inParallel, sweepExpired } from '../shared/retention/sweep';

const { values } = parseArgs({
  options: {
    live: { type: 'string', default: '100000' },
    expired: { type: 'string', default: '10000' },
    'load-concurrency': { type: 'string', default: '8' },
  },
});
const LIVE = Number(values.live);
const EXPIRED = Number(values.expired);
const LOAD_CONCURRENCY = Number(values['load-concurrency']);
const TABLE = 'contacts';
const DAY = 86_400;

interface Counters {
  requests: Record<string, number>;
  itemsRead: number;
}
const counters: Counters = { requests: {}, itemsRead: 0 };

async function main() {
  const server: Server = dynalite({ createTableMs: 0 });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const raw = new DynamoDBClient({
    endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const name = context.commandName ?? 'unknown';
      counters.requests[name] = (counters.requests[name] ?? 0) + 1;
      const output = out.output as { Count?: number; Item?: unknown };
      counters.itemsRead += output.Count ?? (output.Item ? 1 : 0);
      return out;
    },
    { step: 'initialize', name: 'benchCounter' },
  );
  const client = DynamoDBDocumentClient.from(raw);
  await raw.send(new CreateTableCommand(contactsTableInput(TABLE)));

  const now = new Date();
  const nowEpoch = Math.floor(now.getTime() / 1000);
  let liveLoaded = 0;
  let expiredLoaded = 0;
  const load = async (kind: 'live' | 'expired', count: number) => {
    const started = Date.now();
    const from = kind === 'live' ? liveLoaded : expiredLoaded;
    const batches: number[] = [];
    for (let i = 0; i < count; i += 25) batches.push(from + i);
    await inParallel(batches, LOAD_CONCURRENCY, async (first) => {
      const items = [];
      for (let n = first; n < Math.min(first + 25, from + count); n++) {
        // Live: expiring over the next year; due: expired over the last 30 days (and earlier today).
        const expiresAt = kind === 'live' ? nowEpoch + DAY + (n % 365) * DAY : nowEpoch - 60 - (n % 30) * DAY;
        const day = helsinkiDay(new Date(expiresAt * 1000));
        items.push({
          PutRequest: {
            Item: {
              pk: contactPk(`call-${kind === 'live' ? 'a' : 'b'}${String(n).padStart(31, '0')}`),
              sk: META,
              kind: 'call',
              startedAt: new Date((expiresAt - 365 * DAY) * 1000).toISOString(),
              expiresAt,
              expiresOn: day,
              ...expiryIndex(day, expiresAt),
              version: 1,
            },
          },
        });
      }
      let pending: typeof items = items;
      while (pending.length) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
        pending = (out.UnprocessedItems?.[TABLE] ?? []) as typeof items;
      }
    });
    if (kind === 'live') liveLoaded += count;
    else expiredLoaded += count;
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `  loaded ${count} ${kind} contacts in ${seconds.toFixed(1)} s (${Math.round(count / seconds)}/s)`,
    );
  };

  const store = new DynamoRetentionStore(client, TABLE);
  let objectListings = 0;
  const objects: ContactObjects = {
    async deleteContactObjects() {
      objectListings += 2;
      return 0;
    },
    async purgeExports() {
      return 0;
    },
  };
  const rows: Record<string, string | number>[] = [];
  const sweep = async (label: string) => {
    counters.requests = {};
    counters.itemsRead = 0;
    objectListings = 0;
    const started = process.hrtime.bigint();
    let totalDeleted = 0;
    let failures = 0;
    let runs = 0;
    let queries = 0;
    let days = 0;
    for (;;) {
      const result = await sweepExpired({
        store,
        objects,
        now: () => now,
        maxContacts: 1_000_000,
        concurrency: 16,
        initialLookbackDays: 400,
      });
      runs++;
      totalDeleted += result.contactsDeleted;
      failures += result.failures;
      queries += result.queries;
      days += result.daysQueried;
      if (!result.more) break;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const requests = Object.values(counters.requests).reduce((a, b) => a + b, 0);
    rows.push({
      sweep: label,
      tableContacts: liveLoaded + expiredLoaded,
      due: expiredLoaded,
      deleted: totalDeleted,
      failures,
      runs,
      daysQueried: days,
      indexQueries: queries,
      dynamoRequests: requests,
      itemsRead: counters.itemsRead,
      s3Listings: objectListings,
      seconds: Number((ms / 1000).toFixed(1)),
      msPerDeleted: totalDeleted ? Number((ms / totalDeleted).toFixed(2)) : 0,
    });
    console.log(`  ${label}: ${JSON.stringify(rows.at(-1))}`);
    console.log(`    requests by kind: ${JSON.stringify(counters.requests)}`);
    expiredLoaded = 0;
  };

  console.log(
    `bench:sweep live=${LIVE} expired=${EXPIRED} (dynalite in memory, ${new Date().toISOString()})`,
  );
  // Each sweep starts from a fresh checkpoint so every run looks back the same 400 days.
  const resetCheckpoint = () =>
    client.send(
      new BatchWriteCommand({
        RequestItems: { [TABLE]: [{ DeleteRequest: { Key: SWEEP_STATE_KEY } }] },
      }),
    );
  await load('live', LIVE);
  await load('expired', EXPIRED);
  await sweep('A: live + due');
  await resetCheckpoint();
  await load('live', LIVE);
  await load('expired', EXPIRED);
  await sweep('B: 2x live, same due');
  await resetCheckpoint();
  await load('expired', 2 * EXPIRED);
  await sweep('C: 2x live, 2x due');
  console.table(rows);
  console.log(
    `(day partitions before ${addDays(helsinkiDay(now), -400)} are not read: the first run looks back 400 days)`,
  );
  raw.destroy();
  server.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
