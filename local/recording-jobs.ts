import type { S3Event } from 'aws-lambda';
import type { S3Event as S3rverEvent } from 's3rver';
import { CHAT_TRANSCRIPTS_PREFIX } from '../shared/connect/transcript';
import { CONNECT_CALL_RECORDINGS_KEYS, RECORDINGS_PREFIX } from '../shared/kernel/object-keys';
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
export const recordingLandedJob = objectCreatedJob(
  'recording-landed',
  RECORDINGS_PREFIX,
  async () => (await import('../functions/recording-landed')).handler,
);

/**
 * The same on `connect/call-recordings/` (infra/constructs/connect.ts): an Amazon Connect call
 * recording, handed over to recordings/ once its CTR names it (docs/platforms/amazon-connect.md).
 */
export const connectRecordingJob = objectCreatedJob(
  'connect-recording',
  CONNECT_CALL_RECORDINGS_KEYS,
  async () => (await import('../functions/connect-recording')).handler,
);

/**
 * The same on `connect/chat-transcripts/` (infra/constructs/connect-transcripts.ts): an Amazon
 * Connect chat transcript becomes its chat's messages and is then deleted.
 */
export const connectTranscriptJob = objectCreatedJob(
  'connect-transcript',
  CHAT_TRANSCRIPTS_PREFIX,
  async () => (await import('../functions/connect-transcript')).handler,
);

function objectCreatedJob(
  name: string,
  prefix: string,
  load: () => Promise<(event: S3Event, context: ReturnType<typeof localContext>) => Promise<unknown>>,
): LocalJob {
  return {
    name,
    async start(emulators) {
      const handler = await load();
      const inFlight = new Set<Promise<unknown>>();
      const listener = (event: S3rverEvent) => {
        const records = event.Records.filter(
          (r) => r.eventName.startsWith('ObjectCreated:') && r.s3.object.key.startsWith(prefix),
        );
        if (!records.length) return;
        const run = handler({ Records: records } as unknown as S3Event, localContext(name, 300_000))
          .catch((error: Error) => console.error(`${name} job failed: ${error.name}`))
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
}
