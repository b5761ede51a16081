import * as z from 'zod/mini';
import type { QueueSettings } from '../kernel/sqs-batch';
import type { ExportMessage } from './export';

/**
 * What the export queue carries to the export function (`ExportMessage`, written by
 * `startExport`): the job's id and the subject's pseudonym, which stays out of the job item.
 */
export const exportMessageSchema = z.object({
  exportId: z.uuid(),
  subjectKey: z.string().check(z.minLength(1)),
}) satisfies z.ZodMiniType<ExportMessage>;

/**
 * The export queue and its consumer (infra/constructs/ops.ts, local mode): one job per
 * invocation, which may run the Lambda maximum; the queue hides a message 6 × that (90
 * minutes). A message the function could not settle is retried once, then parked.
 */
export const EXPORT_QUEUE_SETTINGS = {
  maxReceiveCount: 2,
  visibilityTimeoutSeconds: 6 * 15 * 60,
  batchSize: 1,
  timeoutSeconds: 15 * 60,
} as const satisfies QueueSettings;
