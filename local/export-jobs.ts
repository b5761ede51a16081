import { LOCAL_NAMES } from './emulators';
import type { LocalJob } from './jobs';
import { localContext } from './lambda-http';
import { every, pollInterval, sqsEvent } from './polling';

/** Like the export queue's redrive policy in infra/constructs/ops.ts. */
const MAX_RECEIVE_COUNT = 2;
const TIMEOUT_MS = 15 * 60_000;

/**
 * The export queue's event source mapping, in-process: polls the local SQS stand-in and
 * invokes the same subject-export handler Lambda runs (batch size 1) with the Lambda's
 * 15-minute budget; a message the handler could not settle comes back once, then goes to the
 * dead letters.
 */
export const subjectExportJob: LocalJob = {
  name: 'subject-export',
  async start(emulators) {
    const { handler } = await import('../functions/subject-export');
    const queue = emulators.sqs.queue(LOCAL_NAMES.exportQueue);
    return every('subject export job', pollInterval(), async () => {
      for (const message of queue.receive(1, TIMEOUT_MS / 1000 + 60)) {
        const result = await handler(sqsEvent([message]), localContext('subject-export', TIMEOUT_MS));
        if (result?.batchItemFailures.length) queue.fail(message, MAX_RECEIVE_COUNT, 5);
        else queue.delete(message.receiptHandle ?? '');
      }
    });
  },
};
