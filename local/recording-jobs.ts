import type { S3Event } from 'aws-lambda';
import type { S3Event as S3rverEvent } from 's3rver';
import { RECORDINGS_PREFIX } from '../shared/kernel/object-keys';
import { backoffSeconds } from '../shared/recordings/fetch-handler';
import { FETCH_QUEUE_SETTINGS } from '../shared/recordings/fetch-job';
import { LOCAL_NAMES } from './emulators';
import { queueJob } from './event-source-mapping';
import { localContext } from './lambda-http';
import type { LocalJob } from './local-job';

/**
 * The recording fetch queue's event source mapping (FETCH_QUEUE_SETTINGS, as in
 * infra/constructs/recordings.ts): invokes the same handler Lambda runs, deleting finished
 * messages and leaving failed ones to their backoff (1 s base locally), then the dead letters.
 */
export const recordingFetchJob = queueJob({
  functionName: 'recording-fetch',
  queueName: LOCAL_NAMES.recordingFetchQueue,
  settings: FETCH_QUEUE_SETTINGS,
  load: () => {
    process.env.RECORDING_FETCH_RETRY_BASE_SECONDS ??= '1';
    return import('../functions/recording-fetch');
  },
  retrySeconds: (message) =>
    backoffSeconds(message.receiveCount, Number(process.env.RECORDING_FETCH_RETRY_BASE_SECONDS)),
});

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
