import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueSettings } from '../shared/kernel/sqs-batch';
import type { LOCAL_NAMES } from './emulators';
import type { LocalSqsMessage, LocalSqsQueue } from './fakes/sqs';
import { localContext } from './lambda-http';
import type { LocalJob } from './local-job';
import { every, pollInterval, sqsEvent } from './polling';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface EventSourceMappingOptions {
  /** The function's name, as in infra (`recording-fetch`, `survey-send`, ...). */
  functionName: string;
  queue: LocalSqsQueue;
  /** The queue's settings, the same constant infra builds the queue and mapping from. */
  settings: QueueSettings;
  handler: SqsHandler;
  /**
   * Seconds until a failed message comes back. In AWS it is the rest of its visibility timeout
   * (which a handler may shorten, as recording-fetch's backoff does); locally it is short, so
   * the demo and the tests do not wait minutes.
   */
  retrySeconds: (message: LocalSqsMessage) => number;
}

/**
 * An SQS event source mapping with partial batch responses, in-process: polls the local SQS
 * stand-in, hands up to `batchSize` visible messages (hidden for the visibility timeout) to the
 * same handler Lambda runs, with the function's timeout, then deletes every message not in
 * `batchItemFailures`. A failed message comes back after `retrySeconds`, or goes to the dead
 * letters once received `maxReceiveCount` times (the redrive policy). A handler that throws
 * leaves its whole batch invisible until the visibility timeout ends, as in AWS. Never two
 * invocations at once; `queue.drained()` waits for the running one.
 */
export function startEventSourceMapping(options: EventSourceMappingOptions): () => Promise<void> {
  const { functionName, queue, settings, handler, retrySeconds } = options;
  return every(`${functionName.replaceAll('-', ' ')} job`, pollInterval(), () =>
    queue.invoking(async () => {
      const messages = queue.receive(settings.batchSize, settings.visibilityTimeoutSeconds);
      if (messages.length === 0) return;
      const result = await handler(
        sqsEvent(messages),
        localContext(functionName, settings.timeoutSeconds * 1000),
      );
      const failed = new Set(result?.batchItemFailures.map((failure) => failure.itemIdentifier));
      for (const message of messages) {
        if (failed.has(message.messageId))
          queue.fail(message, settings.maxReceiveCount, retrySeconds(message));
        else queue.delete(message.receiptHandle ?? '');
      }
    }),
  );
}

/**
 * A local job that runs `functionName`'s handler from `queueName` through the stand-in above;
 * the handler module is loaded when the job starts (so its environment is read then).
 */
export function queueJob(options: {
  functionName: string;
  queueName: (typeof LOCAL_NAMES)[keyof typeof LOCAL_NAMES];
  settings: QueueSettings;
  load: () => Promise<{ handler: SqsHandler }>;
  retrySeconds: EventSourceMappingOptions['retrySeconds'];
}): LocalJob {
  const { functionName, queueName, load, ...rest } = options;
  return {
    name: functionName,
    async start(emulators) {
      const { handler } = await load();
      return startEventSourceMapping({
        functionName,
        queue: emulators.sqs.queue(queueName),
        handler,
        ...rest,
      });
    },
  };
}
