import * as z from 'zod/mini';
import { MAX_LEGS } from '../calls/call-record';
import type { QueueSettings } from '../kernel/sqs-batch';

/** A Connect ContactId as DeleteContactData takes it (1..256 characters; Connect's are UUIDs). */
const connectContactId = z.string().check(z.minLength(1), z.maxLength(256));

/**
 * One redaction job on the Connect redaction queue: the Connect ContactIds of one contact that
 * left this store (its first contact and its transfer or hand-over legs). Ids only: never the
 * number it redacts (N17).
 */
export const connectRedactionJob = z.object({
  contactIds: z.array(connectContactId).check(z.minLength(1), z.maxLength(MAX_LEGS + 1)),
});
export type ConnectRedactionJob = z.infer<typeof connectRedactionJob>;

/** Port: the Connect redaction queue (./sqs-redaction-queue.ts). */
export interface ConnectRedactionQueue {
  enqueue(job: ConnectRedactionJob): Promise<void>;
}

/**
 * The redaction queue and its consumer (infra/constructs/connect-redaction.ts, local mode).
 * Connect's API rate limits are low, so the consumer runs at most two at a time (reserved
 * concurrency and the mapping's maximum concurrency) on small batches; a throttled job comes
 * back after its visibility timeout and is tried again, up to 8 receives (about 40 minutes of
 * backing off), then waits in the dead-letter queue for a redrive.
 */
export const CONNECT_REDACTION_QUEUE_SETTINGS = {
  maxReceiveCount: 8,
  visibilityTimeoutSeconds: 6 * 50,
  batchSize: 5,
  timeoutSeconds: 50,
} as const satisfies QueueSettings;

/** The consumer's reserved concurrency, and the mapping's maximum concurrency (SQS's minimum: 2). */
export const CONNECT_REDACTION_CONCURRENCY = 2;
