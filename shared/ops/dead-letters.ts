import * as z from 'zod';
import { NotFoundError, ValidationError } from '../kernel/errors';

/**
 * Dead-letter queues as ops see them (docs/operations.md, "Alarms"): how many messages each holds,
 * and a redrive. A job queue's dead letters go back to the queue they came from; the dead letters
 * of an asynchronous invocation (S3 -> landed, SNS -> reply, schedule -> sweep) are invoked again,
 * asynchronously, with the event they failed on.
 */
export const deadLetterQueuesSchema = z.record(
  z.string().regex(/^[a-z][a-z-]*$/),
  z.object({
    url: z.string().min(1),
    sourceUrl: z.string().min(1).optional(),
    functionName: z.string().min(1).optional(),
  }),
);
export type DeadLetterQueueMap = z.infer<typeof deadLetterQueuesSchema>;

export interface DeadLetterSummary {
  queue: string;
  messages: number;
  /** `source`: back to their queue; `invoke`: the function runs again on the event; `by-hand`: see the runbook. */
  redrive: 'source' | 'invoke' | 'by-hand';
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
  /** Invoke a function asynchronously with this event. */
  invoke(functionName: string, event: unknown): Promise<void>;
}

/**
 * The event a dead letter of an asynchronous invocation failed on: a Lambda on-failure record
 * carries it as `requestPayload`; an SNS subscription's dead letter is the SNS message itself,
 * which the function receives wrapped in `Records[].Sns`; an EventBridge dead letter is the event.
 */
export function failedEvent(body: string): unknown {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  if (parsed && typeof parsed === 'object' && 'requestPayload' in parsed) return parsed.requestPayload;
  if (parsed?.Type === 'Notification' && typeof parsed.Message === 'string') {
    return { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: parsed }] };
  }
  return parsed;
}

export interface DeadLetterDeps {
  queues: DeadLetterQueueMap;
  io: DeadLetterIo;
  /** Stop after this many messages per request (the ops API has 29 s); run it again for more. */
  maxMessages?: number;
}

export async function listDeadLetters(deps: DeadLetterDeps): Promise<DeadLetterSummary[]> {
  return Promise.all(
    Object.entries(deps.queues).map(async ([queue, { url, sourceUrl, functionName }]) => ({
      queue,
      messages: await deps.io.count(url),
      redrive: sourceUrl ? ('source' as const) : functionName ? ('invoke' as const) : ('by-hand' as const),
    })),
  );
}

/**
 * Move a DLQ's messages back to their source queue, or invoke their function again with the event
 * they failed on: send or invoke first, then delete (at least once; every consumer is idempotent).
 */
export async function redriveDeadLetters(
  queue: string,
  dryRun: boolean,
  deps: DeadLetterDeps,
): Promise<RedriveResult> {
  const entry = deps.queues[queue];
  if (!entry) {
    throw new NotFoundError(`no dead-letter queue "${queue}"; known: ${Object.keys(deps.queues).join(', ')}`);
  }
  const { sourceUrl, functionName } = entry;
  if (!sourceUrl && !functionName) {
    throw new ValidationError(
      `"${queue}" cannot be redriven here: reprocess it as docs/operations.md (Alarms) says`,
    );
  }
  if (dryRun) return { queue, dryRun, messages: await deps.io.count(entry.url) };
  const max = deps.maxMessages ?? 500;
  let moved = 0;
  while (moved < max) {
    const batch = await deps.io.receive(entry.url);
    if (batch.length === 0) break;
    for (const message of batch) {
      if (sourceUrl) await deps.io.send(sourceUrl, message.body);
      else if (functionName) await deps.io.invoke(functionName, failedEvent(message.body));
      await deps.io.delete(entry.url, message.receiptHandle);
      moved++;
    }
  }
  return { queue, dryRun, messages: moved };
}
