import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { sqsBatchHandler } from '../kernel/sqs-batch';
import { type FetchDeps, fetchRecording } from './fetch';
import { fetchJobSchema } from './fetch-job';
import { type DeleteAtSource, deleteAtSourceWhenStored } from './source-delete';

const receiveCount = (record: { attributes: { ApproximateReceiveCount?: string } }) =>
  Number(record.attributes.ApproximateReceiveCount ?? 1);

/** Retry n waits min(15 min, base x 2^(n-1)) seconds: 30 s, 1, 2, 4, 8, 15, 15 min ... then the DLQ. */
const BACKOFF_MAX_SECONDS = 900;

export function backoffSeconds(receiveCount: number, baseSeconds = 30): number {
  return Math.min(BACKOFF_MAX_SECONDS, baseSeconds * 2 ** Math.max(0, receiveCount - 1));
}

export interface FetchJobDeps extends FetchDeps {
  /** Deletes a native source's recording once ours is recorded (jobs with `source.deleteAtSource`). */
  deleteAtSource?: DeleteAtSource;
  /** Make a failed message visible again later (SQS ChangeMessageVisibility). */
  retryLater(receiptHandle: string, seconds: number): Promise<void>;
  retryBaseSeconds?: number;
}

/**
 * SQS-triggered pull of recordings, one job per message. Finished jobs (stored, not needed,
 * permanently failed and flagged) are deleted from the queue; a job to retry is reported as a
 * batch item failure after its visibility is set to an exponential backoff, so the queue's
 * redrive policy moves it to the dead-letter queue once it has failed maxReceiveCount times.
 * A body that is not a fetch job (fetch-job.ts) fails the same way, after the queue's own
 * visibility timeout.
 */
export function createRecordingFetchHandler(deps: FetchJobDeps) {
  return lambdaBundle(
    sqsBatchHandler(fetchJobSchema, async (job, record) => {
      try {
        const result = await fetchRecording(job, deps);
        const { outcome } = result;
        const detail =
          'reason' in result ? { reason: result.reason } : 'size' in result ? { size: result.size } : {};
        logger.info('recording fetch finished', { contactId: job.contactId, outcome, ...detail });
        metrics.addMetric(`RecordingFetch_${outcome}`, 'Count', 1);
        if (
          job.source?.deleteAtSource &&
          deps.deleteAtSource &&
          (outcome === 'stored' || outcome === 'already-stored')
        ) {
          const deleted = await deleteAtSourceWhenStored(
            job,
            { ...deps, deleteAtSource: deps.deleteAtSource },
            receiveCount(record),
          );
          logger.info('recording source delete', { contactId: job.contactId, outcome: deleted });
          metrics.addMetric(`RecordingSourceDelete_${deleted}`, 'Count', 1);
        }
      } catch (error) {
        const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? 1);
        const wait = backoffSeconds(receiveCount, deps.retryBaseSeconds);
        logger.warn('recording fetch will be retried', {
          contactId: job.contactId,
          receiveCount,
          retryInSeconds: wait,
          errorName: (error as Error).name,
          errorMessage: (error as Error).message,
        });
        metrics.addMetric('RecordingFetch_retry', 'Count', 1);
        await deps.retryLater(record.receiptHandle, wait).catch(() => undefined);
        throw error;
      }
    }),
  );
}
