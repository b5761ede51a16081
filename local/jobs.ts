import { CONNECT_REDACTION_QUEUE_SETTINGS } from '../shared/connect/redact-message';
import { LOCAL_NAMES } from './emulators';
import { queueJob } from './event-source-mapping';
import { subjectExportJob } from './export-jobs';
import { localContext } from './lambda-http';
import type { LocalJob } from './local-job';
import { every } from './polling';
import {
  connectRecordingJob,
  connectTranscriptJob,
  recordingFetchJob,
  recordingLandedJob,
} from './recording-jobs';
import { surveySendJob } from './survey-jobs';

/**
 * Background work that AWS does with schedules, queues and bucket notifications, run in-process
 * locally: timers stand in for EventBridge schedules; one event source mapping stand-in
 * (event-source-mapping.ts) polls each SQS queue; s3rver's `event` emitter stands in for S3
 * ObjectCreated notifications. Each job (local-job.ts) gets the running emulators and returns a
 * function that stops it.
 */
export const jobs: LocalJob[] = [
  // The hourly EventBridge rule of infra/constructs/retention.ts; every LOCAL_SWEEP_INTERVAL_MS
  // here (default 60 s, 0 = off). Runs the same handler Lambda runs.
  {
    name: 'retention-sweep',
    async start() {
      const interval = Number(process.env.LOCAL_SWEEP_INTERVAL_MS ?? 60_000);
      if (!interval) return () => undefined;
      const { handler } = await import('../functions/retention-sweep');
      return every('retention sweep', interval, () => handler({}, localContext('retention-sweep', 600_000)));
    },
  },
  // Recordings: the fetch queue's event source mapping and the bucket's ObjectCreated notification.
  recordingFetchJob,
  recordingLandedJob,
  // Amazon Connect call recordings and chat transcripts landing under connect/.
  connectRecordingJob,
  connectTranscriptJob,
  // Amazon Connect: redacting Connect's copy of a swept or erased contact (against the Connect fake).
  queueJob({
    functionName: 'connect-redact',
    queueName: LOCAL_NAMES.connectRedactionQueue,
    settings: CONNECT_REDACTION_QUEUE_SETTINGS,
    load: () => import('../functions/connect-redact'),
    retrySeconds: () => 1,
  }),
  // Surveys: the survey queue's event source mapping (docs/surveys.md).
  surveySendJob,
  // Subject exports: the export queue's event source mapping (docs/operations.md).
  subjectExportJob,
];
