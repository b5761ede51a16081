import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalSqsMessage } from './fakes/sqs';

/**
 * Run `tick` every `intervalMs`, never two at once (like one Lambda poller). Returns a stop
 * function that waits for a running tick to finish. Failures are reported by name only: job
 * errors may carry personal data in their messages.
 */
export function every(name: string, intervalMs: number, tick: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= tick()
      .catch((error: Error) => console.error(`${name} failed: ${error.name}`))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** The SQS event Lambda's event source mapping would deliver for these local messages. */
export function sqsEvent(messages: LocalSqsMessage[]): SQSEvent {
  return {
    Records: messages.map(
      (m) =>
        ({
          messageId: m.messageId,
          receiptHandle: m.receiptHandle ?? '',
          body: m.body,
          attributes: { ApproximateReceiveCount: String(m.receiveCount) },
        }) as unknown as SQSRecord,
    ),
  };
}

/** How often local queue pollers look for messages. */
export const pollInterval = () => Number(process.env.LOCAL_QUEUE_POLL_MS ?? 200);
