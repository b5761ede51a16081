import type { S3Event } from 'aws-lambda';
import type { S3Event as S3rverEvent } from 's3rver';
import { RECORDINGS_PREFIX } from '../shared/kernel/object-keys';
import { backoffSeconds } from '../shared/recordings/fetch-handler';
import { LOCAL_NAMES } from './emulators';
import type { LocalJob } from './jobs';
import { localContext } from './lambda-http';
import { every, pollInterval, sqsEvent } from './polling';

/** Like the queue's redrive policy in infra/constructs/recordings.ts. */
const MAX_RECEIVE_COUNT = 8;

/**
 * The recording fetch queue's event source mapping, in-process: polls the local SQS stand-in
 * and invokes the same handler Lambda runs (batch size 1), deleting finished messages and
 * leaving failed ones to their backoff, then the dead letters.
 */
export const recordingFetchJob: LocalJob = {
  name: 'recording-fetch',
  async start(emulators) {
    process.env.RECORDING_FETCH_RETRY_BASE_SECONDS ??= '1';
    const { handler } = await import('../functions/recording-fetch');
    const queue = emulators.sqs.queue(LOCAL_NAMES.recordingFetchQueue);
    return every('recording fetch job', pollInterval(), async () => {
      for (const message of queue.receive(1, 15 * 60)) {
        const result = await handler(sqsEvent([message]), localContext('recording-fetch', 15 * 60_000));
        if (result?.batchItemFailures.length) {
          const base = Number(process.env.RECORDING_FETCH_RETRY_BASE_SECONDS);
          queue.fail(message, MAX_RECEIVE_COUNT, backoffSeconds(message.receiveCount, base));
        } else {
          queue.delete(message.receiptHandle ?? '');
        }
      }
    });
  },
};

/** S3's ObjectCreated notification on `recordings/`, from s3rver's event emitter. */
export const recordingLandedJob: LocalJob = {
  name: 'recording-landed',
  async start(emulators) {
    const { handler } = await import('../functions/recording-landed');
    const inFlight = new Set<Promise<unknown>>();
    const listener = (event: S3rverEvent) => {
      const records = event.Records.filter(
        (r) => r.eventName.startsWith('ObjectCreated:') && r.s3.object.key.startsWith(RECORDINGS_PREFIX),
      );
      if (!records.length) return;
      const run = handler(
        { Records: records } as unknown as S3Event,
        localContext('recording-landed', 300_000),
      )
        .catch((error: Error) => console.error(`recording landed job failed: ${error.name}`))
        .finally(() => inFlight.delete(run));
      inFlight.add(run);
    };
    emulators.s3.on('event', listener);
    return async () => {
      emulators.s3.off('event', listener);
      await Promise.all(inFlight);
    };
  },
};
