import type { Context } from 'aws-lambda';
import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { oldestDueAgeHours, type SweepDeps, type SweepResult, sweepExpired } from './sweep';

/** Leave this much of the Lambda's time to finish the contact in hand and write the receipt. */
export const SAFETY_MS = 60_000;

/**
 * Hourly (EventBridge): delete what is due (N13), stopping in time before the function's limit.
 * Logs counts only, never contact data.
 */
export function createRetentionSweepHandler(deps: Omit<SweepDeps, 'shouldStop' | 'log'>) {
  return lambdaBundle<unknown, SweepResult>(async (_event, context: Context) => {
    const result = await sweepExpired({
      ...deps,
      shouldStop: () => context.getRemainingTimeInMillis() < SAFETY_MS,
      log: (message, data) => logger.info(message, data),
    });
    const lagHours = oldestDueAgeHours(result, deps.now?.() ?? new Date());
    logger.info('retention sweep finished', { ...result, oldestDueAgeHours: lagHours });
    // N13: watched by the sweep-lag alarm (infra/constructs/monitoring.ts); a missing value alarms too.
    metrics.addMetric('SweepOldestDueAgeHours', 'None', lagHours);
    metrics.addMetric('SweepContactsDeleted', 'Count', result.contactsDeleted);
    metrics.addMetric('SweepFailures', 'Count', result.failures);
    return result;
  });
}
