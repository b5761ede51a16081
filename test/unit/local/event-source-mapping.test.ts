import type { SQSEvent } from 'aws-lambda';
import { startEventSourceMapping } from '../../../local/event-source-mapping';
import { LocalSqsQueue } from '../../../local/fakes/sqs';
import type { QueueSettings } from '../../../shared/kernel/sqs-batch';

const settings: QueueSettings = {
  maxReceiveCount: 2,
  visibilityTimeoutSeconds: 60,
  batchSize: 2,
  timeoutSeconds: 5,
};

let stop: (() => Promise<void>) | undefined;
beforeAll(() => {
  process.env.LOCAL_QUEUE_POLL_MS = '10';
});
afterEach(async () => {
  await stop?.();
  stop = undefined;
});
afterAll(() => {
  delete process.env.LOCAL_QUEUE_POLL_MS;
});

describe('local event source mapping', () => {
  it('hands batches of up to batchSize to the handler, deletes the done ones, retries the failed ones, then dead-letters them', async () => {
    // Prepare
    const queue = new LocalSqsQueue('jobs', 'http://local/000000000000/jobs');
    const batches: string[][] = [];
    const handler = async (event: SQSEvent) => {
      batches.push(event.Records.map((r) => r.body));
      return {
        batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({
          itemIdentifier: r.messageId,
        })),
      };
    };
    for (const body of ['a', 'bad', 'c']) queue.send(body);

    // Act
    stop = startEventSourceMapping({
      functionName: 'test-jobs',
      queue,
      settings,
      handler,
      retrySeconds: () => 0,
    });
    await queue.drained();

    // Assess
    // 'bad' comes straight back (retrySeconds 0) and is received a second time: maxReceiveCount.
    expect(batches).toEqual([
      ['a', 'bad'],
      ['bad', 'c'],
    ]);
    expect(queue.messages).toEqual([]);
    expect(queue.deadLetters.map((m) => m.body)).toEqual(['bad']);
  });

  it('is not drained while an invocation runs, nor while a message is due; a retry waiting past the window does not count', async () => {
    // Prepare
    const queue = new LocalSqsQueue('jobs', 'http://local/000000000000/jobs');
    let release: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const handler = async (event: SQSEvent) => {
      calls += 1;
      await running;
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    };
    queue.send('job');
    expect(queue.isDrained()).toBe(false); // visible now

    // Act
    stop = startEventSourceMapping({
      functionName: 'test-jobs',
      queue,
      settings,
      handler,
      retrySeconds: () => 30,
    });
    while (calls === 0) await new Promise((r) => setTimeout(r, 5));
    const whileRunning = queue.isDrained();
    release();
    await queue.drained();

    // Assess
    expect(whileRunning).toBe(false);
    expect(queue.messages).toHaveLength(1); // back in 30 s: outside the window
    expect(queue.isDrained(60_000)).toBe(false); // but due within a minute
  });
});
