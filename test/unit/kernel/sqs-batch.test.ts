import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { localContext } from '../../../local/lambda-http';
import { logger } from '../../../shared/kernel/observability';
import { sqsBatchHandler } from '../../../shared/kernel/sqs-batch';

const PHONE = '+358401234567';
const jobSchema = z.object({ contactId: z.string().min(1), attempt: z.number().int() });

const record = (messageId: string, body: string): SQSRecord =>
  ({
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-north-1:000000000000:jobs',
    awsRegion: 'eu-north-1',
  }) as unknown as SQSRecord;
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** Everything handed to the logger or the console during `run`, as one string. */
async function logged<T>(run: () => Promise<T>): Promise<{ result: T; text: string }> {
  const spies = [
    ...(['debug', 'info', 'warn', 'error', 'critical'] as const).map((level) => jest.spyOn(logger, level)),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation(() => undefined),
    ),
  ];
  const result = await run();
  const text = JSON.stringify(spies.flatMap((spy) => spy.mock.calls));
  return { result, text };
}

afterEach(() => jest.restoreAllMocks());

describe('sqsBatchHandler', () => {
  it('hands each record its parsed job, one at a time in order, and reports only the failed ones', async () => {
    // Prepare
    const seen: string[] = [];
    let running = 0;
    const handler = sqsBatchHandler(jobSchema, async (job, rec) => {
      running += 1;
      expect(running).toBe(1); // never two records at once
      await new Promise((r) => setTimeout(r, 5));
      seen.push(`${rec.messageId}:${job.contactId}:${job.attempt}`);
      running -= 1;
      if (job.attempt === 2) throw new Error('try again later');
    });

    // Act
    const result = await handler(
      event(
        record('m1', JSON.stringify({ contactId: 'c-1', attempt: 1 })),
        record('m2', JSON.stringify({ contactId: 'c-2', attempt: 2 })),
        record('m3', JSON.stringify({ contactId: 'c-3', attempt: 3, extra: 'dropped' })),
      ),
      localContext('sqs-batch-test'),
    );

    // Assess
    expect(seen).toEqual(['m1:c-1:1', 'm2:c-2:2', 'm3:c-3:3']);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
  });

  it('reports a batch whose every record failed instead of throwing', async () => {
    // Prepare
    const handler = sqsBatchHandler(jobSchema, async () => {
      throw new Error('store unavailable');
    });

    // Act
    const result = await handler(
      event(
        record('m1', JSON.stringify({ contactId: 'c-1', attempt: 1 })),
        record('m2', JSON.stringify({ contactId: 'c-2', attempt: 1 })),
      ),
      localContext('sqs-batch-test'),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
  });

  it('N17: a malformed body is a batch item failure, never reaches the job handler, and is logged without its content', async () => {
    // Prepare
    const handled: string[] = [];
    const handler = sqsBatchHandler(jobSchema, async (job) => void handled.push(job.contactId));

    // Act
    const { result, text } = await logged(() =>
      handler(
        event(
          record('bad-json', `{"contactId": "${PHONE}", `),
          record('bad-shape', JSON.stringify({ contactId: PHONE, attempt: `call ${PHONE}` })),
          record('good', JSON.stringify({ contactId: 'c-9', attempt: 1 })),
        ),
        localContext('sqs-batch-test'),
      ),
    );

    // Assess
    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: 'bad-json' }, { itemIdentifier: 'bad-shape' }],
    });
    expect(handled).toEqual(['c-9']);
    expect(text).toContain('bad-json');
    expect(text).toContain('bad-shape');
    expect(text).toContain('attempt'); // where the body did not match, not what it held
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('358401234567');
  });

  it('passes the Lambda context to the job handler', async () => {
    // Prepare
    const context = localContext('sqs-batch-test', 5_000);
    let remaining = 0;
    const handler = sqsBatchHandler(jobSchema, async (_job, _record, ctx) => {
      remaining = ctx.getRemainingTimeInMillis();
    });

    // Act
    await handler(event(record('m1', JSON.stringify({ contactId: 'c-1', attempt: 1 }))), context);

    // Assess
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(5_000);
  });
});
