import type { Context } from 'aws-lambda';
import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger } from '../kernel/observability';
import { type SweepDeps, type SweepResult, sweepExpired } from './sweep';

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
    logger.info('retention sweep finished', { ...result });
    return result;
  });
}
