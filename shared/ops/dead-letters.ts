import { z } from 'zod';
import { NotFoundError, ValidationError } from '../kernel/errors';

/**
 * Dead-letter queues as ops see them (docs/operations.md, "Alarms"): how many messages each holds,
 * and a redrive that moves them back to the queue they came from. Destinations of asynchronous
 * invocations (S3 -> landed, SNS -> reply, schedule -> sweep) have no source queue: their
 * messages are listed, and reprocessed as the runbook says.
 */
export const deadLetterQueuesSchema = z.record(
  z.string().regex(/^[a-z][a-z-]*$/),
  z.object({ url: z.string().min(1), sourceUrl: z.string().min(1).optional() }),
);
export type DeadLetterQueueMap = z.infer<typeof deadLetterQueuesSchema>;

export interface DeadLetterSummary {
  queue: string;
  messages: number;
  /** `source`: redrive moves messages back to their queue; `by-hand`: see the runbook. */
  redrive: 'source' | 'by-hand';
}

export interface RedriveResult {
  queue: string;
  dryRun: boolean;
  /** Dry run: how many would be moved (approximate); otherwise how many were moved. */
  messages: number;
}

/** Port: the SQS operations a redrive needs. */
export interface DeadLetterIo {
  count(queueUrl: string): Promise<number>;
  /** Up to 10 messages, hidden for a minute. */
  receive(queueUrl: string): Promise<{ body: string; receiptHandle: string }[]>;
  send(queueUrl: string, body: string): Promise<void>;
  delete(queueUrl: string, receiptHandle: string): Promise<void>;
}

export interface DeadLetterDeps {
  queues: DeadLetterQueueMap;
  io: DeadLetterIo;
  /** Stop after this many messages per request (the ops API has 29 s); run it again for more. */
  maxMessages?: number;
}

export async function listDeadLetters(deps: DeadLetterDeps): Promise<DeadLetterSummary[]> {
  return Promise.all(
    Object.entries(deps.queues).map(async ([queue, { url, sourceUrl }]) => ({
      queue,
      messages: await deps.io.count(url),
      redrive: sourceUrl ? ('source' as const) : ('by-hand' as const),
    })),
  );
}

/** Move a DLQ's messages back to their source queue: send first, then delete (at least once). */
export async function redriveDeadLetters(
  queue: string,
  dryRun: boolean,
  deps: DeadLetterDeps,
): Promise<RedriveResult> {
  const entry = deps.queues[queue];
  if (!entry) {
    throw new NotFoundError(`no dead-letter queue "${queue}"; known: ${Object.keys(deps.queues).join(', ')}`);
  }
  if (!entry.sourceUrl) {
    throw new ValidationError(
      `"${queue}" holds failed asynchronous invocations, not queue messages: reprocess them as docs/operations.md (Alarms) says`,
    );
  }
  if (dryRun) return { queue, dryRun, messages: await deps.io.count(entry.url) };
  const max = deps.maxMessages ?? 500;
  let moved = 0;
  while (moved < max) {
    const batch = await deps.io.receive(entry.url);
    if (batch.length === 0) break;
    for (const message of batch) {
      await deps.io.send(entry.sourceUrl, message.body);
      await deps.io.delete(entry.url, message.receiptHandle);
      moved++;
    }
  }
  return { queue, dryRun, messages: moved };
}
