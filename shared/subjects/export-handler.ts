import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger, metrics } from '../kernel/observability';
import { type ExportMessage, type RunExportDeps, runExport } from './export';

/**
 * SQS-triggered subject export (N16), one job per message (batch size 1). A failed export is
 * recorded on its job and the message is done with; only when the job itself cannot be read or
 * updated is the message retried (then a redelivery finds the job stale and marks it failed).
 * Logs the export id and outcome only — never the subject.
 */
export function createSubjectExportHandler(deps: Omit<RunExportDeps, 'remainingMs'>) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async (event, context: Context) => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        let message: ExportMessage;
        try {
          message = JSON.parse(record.body) as ExportMessage;
        } catch {
          logger.error('export message is not JSON; dropped', { messageId: record.messageId });
          continue;
        }
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
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });
}
