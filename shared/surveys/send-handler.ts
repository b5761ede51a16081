import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { sqsBatchHandler } from '../kernel/sqs-batch';
import { surveyJobSchema } from './ports';
import { type SendSurveyDeps, sendSurvey } from './send';

/**
 * SQS-triggered survey sender: one job per record; a failed record goes back to the queue
 * (then the dead-letter queue). Logs the contact id and outcome; on failure the error's name
 * only: an SNS error message may repeat the phone number (N17).
 */
export function createSurveySendHandler(deps: SendSurveyDeps) {
  return lambdaBundle(
    sqsBatchHandler(surveyJobSchema, async (job, record) => {
      try {
        const outcome = await sendSurvey(job, deps);
        logger.info('survey job done', { contactId: job.contactId, outcome });
        metrics.addMetric(`Survey_${outcome}`, 'Count', 1);
      } catch (error) {
        // The error's name only: an SNS error message may repeat the phone number (N17).
        logger.error('survey job failed; it will be retried', {
          messageId: record.messageId,
          errorName: (error as Error).name,
        });
        throw error;
      }
    }),
  );
}
