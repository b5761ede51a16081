import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { sqsBatchHandler } from '../kernel/sqs-batch';
import { type RunExportDeps, runExport } from './export';
import { exportMessageSchema } from './export-message';

/**
 * SQS-triggered subject export (N16), one job per message (batch size 1). A failed export is
 * recorded on its job and the message is done with; only when the job itself cannot be read or
 * updated is the message retried (then a redelivery finds the job stale and marks it failed).
 * A body that is not an export message is retried too, then dead-lettered. Logs the export id
 * and outcome only — never the subject.
 */
export function createSubjectExportHandler(deps: Omit<RunExportDeps, 'remainingMs'>) {
  return lambdaBundle(
    sqsBatchHandler(exportMessageSchema, async (message, _record, context) => {
      try {
        const result = await runExport(message, {
          ...deps,
          remainingMs: () => context.getRemainingTimeInMillis(),
        });
        logger.info('subject export finished', { exportId: message.exportId, ...result });
        metrics.addMetric(`SubjectExport_${result.outcome}`, 'Count', 1);
      } catch (error) {
        logger.warn('subject export will be retried', {
          exportId: message.exportId,
          errorName: (error as Error).name,
        });
        throw error;
      }
    }),
  );
}
