import type { S3Event } from 'aws-lambda';
import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { type ConnectRecordingDeps, matchLandedRecording } from './recording-match';

/**
 * S3 ObjectCreated under connect/call-recordings/: an Amazon Connect call recording landed. If a
 * CTR has named it, it is handed over to its contact's recordings/ key (the landed function
 * checks it there); if not, the CTR's arrival does that. Logged by outcome only: the key is a
 * name Connect chose (N17). A throw makes Lambda retry the event.
 */
export function createConnectRecordingHandler(deps: ConnectRecordingDeps) {
  return lambdaBundle<S3Event, void>(async (event) => {
    for (const record of event.Records) {
      // S3 URL-encodes keys in events, with + for spaces.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const outcome = await matchLandedRecording(key, deps);
      logger.info('Connect recording landed', { outcome });
      metrics.addMetric(`ConnectRecording_${outcome}`, 'Count', 1);
    }
  });
}
