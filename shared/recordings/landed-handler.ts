import type { S3Event } from 'aws-lambda';
import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { type LandedDeps, recordLandedObject } from './landed';

/**
 * S3 ObjectCreated under `recordings/` (and s3rver's `event` locally): check each new object
 * and record it on its contact, or delete and flag it. A throw makes Lambda retry the event.
 */
export function createRecordingLandedHandler(deps: LandedDeps) {
  return lambdaBundle<S3Event, void>(async (event) => {
    for (const record of event.Records) {
      // S3 URL-encodes keys in events, with + for spaces.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const result = await recordLandedObject(key, deps);
      if (result.outcome === 'recorded') {
        const { contactId, recording } = result;
        logger.info('recording stored', {
          contactId,
          key,
          size: recording.size,
          format: recording.format,
          durationSeconds: recording.durationSeconds,
        });
      } else {
        logger.warn('recording object not kept', { key, outcome: result.outcome, reason: result.reason });
      }
      metrics.addMetric(`RecordingLanded_${result.outcome}`, 'Count', 1);
    }
  });
}
