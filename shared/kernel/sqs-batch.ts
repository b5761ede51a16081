import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type core, safeParse } from 'zod/mini';
import { logger } from './observability';

/**
 * How one queue and its consumer are set up. Infra builds the queue, its redrive policy, the
 * event source mapping and the function's timeout from it; local mode's event source mapping
 * (local/event-source-mapping.ts) reads the same values, so the two cannot drift apart.
 */
export interface QueueSettings {
  /** Receives before a message goes to the dead-letter queue (the redrive policy). */
  maxReceiveCount: number;
  /**
   * How long a received message stays hidden: at least 6 × the consumer's timeout (Lambda's
   * advice: the poller may hold a batch while it retries a throttled invocation, and a shorter
   * timeout hands the message out twice). test/infra/least-privilege.test.ts checks the stack.
   */
  visibilityTimeoutSeconds: number;
  /** Records per invocation (the event source mapping's batch size). */
  batchSize: number;
  /** The consuming function's timeout. */
  timeoutSeconds: number;
}

/** A message body that is not JSON or does not match its job schema. */
export class MalformedMessageError extends Error {
  constructor(messageId: string) {
    super(`SQS message ${messageId} does not match its schema`);
    this.name = 'MalformedMessageError';
  }
}

/** The body as `schema` reads it; a MalformedMessageError (logged without the body) if it cannot. */
function parseBody<S extends core.$ZodType>(schema: S, record: SQSRecord): core.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    logger.error('SQS message is not JSON; it will be retried, then dead-lettered', {
      messageId: record.messageId,
    });
    throw new MalformedMessageError(record.messageId);
  }
  const parsed = safeParse(schema, json);
  if (!parsed.success) {
    // Where and what kind of mismatch only: never the body or the values in it (N17).
    logger.error('SQS message does not match its schema; it will be retried, then dead-lettered', {
      messageId: record.messageId,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        code: issue.code,
      })),
    });
    throw new MalformedMessageError(record.messageId);
  }
  return parsed.data;
}

/**
 * An SQS consumer with partial batch responses (Powertools batch): each record's body is read
 * with `schema` and handed to `handle`, one record at a time. A record whose body does not
 * match, or whose `handle` throws, is reported in `batchItemFailures`, so SQS makes it visible
 * again and its redrive policy moves it to the dead-letter queue after `maxReceiveCount`
 * receives; the others are deleted. `handle` does its own logging of failures (by error name:
 * messages may carry personal data, N17) and rethrows.
 */
export function sqsBatchHandler<S extends core.$ZodType>(
  schema: S,
  handle: (job: core.output<S>, record: SQSRecord, context: Context) => Promise<unknown>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  return async (event, context) => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(
      event,
      async (record: SQSRecord) => handle(parseBody(schema, record), record, context),
      processor,
      // Sequential, like a loop: records of one batch do not race each other. A batch whose
      // every record failed is reported as such rather than thrown.
      { context, processInParallel: false, throwOnFullBatchFailure: false },
    );
  };
}
