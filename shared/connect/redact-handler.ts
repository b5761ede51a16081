import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { sqsBatchHandler } from '../kernel/sqs-batch';
import { connectRedactionJob } from './redact-message';

export type RedactOutcome = 'redacted' | 'gone';

/** Port: Connect's copy of a contact (./connect-contact-data.ts). Idempotent. */
export interface ConnectContactRedactor {
  redactCustomerEndpoint(contactId: string): Promise<RedactOutcome>;
}

/**
 * SQS-triggered: redacts the customer's number from Connect's own copy of each contact in a job
 * (docs/platforms/amazon-connect.md, "What Connect itself still keeps"). A job is done when
 * every ContactId in it is redacted or already gone at Connect; redacting twice is harmless, so
 * a redelivered or duplicate job redoes nothing that matters. Any failure (throttling above all)
 * reports the message, which comes back after its visibility timeout, a bounded number of
 * times, then waits in the dead-letter queue. Logs ContactIds and outcomes, errors by name only.
 */
export function createConnectRedactHandler(deps: { contacts: ConnectContactRedactor }) {
  return lambdaBundle(
    sqsBatchHandler(connectRedactionJob, async (job, record) => {
      const outcomes: Record<string, RedactOutcome> = {};
      for (const contactId of new Set(job.contactIds)) {
        try {
          outcomes[contactId] = await deps.contacts.redactCustomerEndpoint(contactId);
        } catch (error) {
          logger.warn('Connect contact not redacted yet; the job will be retried', {
            messageId: record.messageId,
            contactId,
            errorName: (error as Error).name,
          });
          metrics.addMetric('ConnectRedaction_retried', 'Count', 1);
          throw error;
        }
      }
      logger.info('Connect contacts redacted', { messageId: record.messageId, outcomes });
      metrics.addMetric('ConnectRedaction_done', 'Count', 1);
      return outcomes;
    }),
  );
}
