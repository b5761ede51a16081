import * as z from 'zod/mini';
import { isContactId } from '../kernel/contact-id';
import type { QueueSettings } from '../kernel/sqs-batch';

/**
 * One pull job on the fetch queue, as the webhook writes it and the fetch function reads it.
 * The queue is KMS-encrypted; the URL never reaches a log.
 */
export const fetchJobSchema = z.object({
  contactId: z.string().check(z.refine(isContactId, 'must be a contact id')),
  url: z.string(),
  receivedAt: z.iso.datetime(),
  /**
   * Native sources (shared/twilio/): the platform whose credentials authenticate the pull and
   * the delete at the source, whether to delete there once stored, and the source's own bounds.
   */
  source: z.optional(
    z.object({
      platform: z.string(),
      deleteAtSource: z.boolean(),
      startsAt: z.optional(z.iso.datetime()),
      endsAt: z.optional(z.iso.datetime()),
    }),
  ),
});

export type FetchJob = z.infer<typeof fetchJobSchema>;

/**
 * The fetch queue and its consumer (infra/constructs/recordings.ts, local mode): the pull may
 * take up to 12 minutes (HttpRecordingSource), so the function gets the Lambda maximum and the
 * queue hides a message 6 × that (90 minutes; retries use their own back-off). Failed pulls back off 30 s .. 15 min
 * (fetch-handler.ts) and go to the dead-letter queue after 8 receives.
 */
export const FETCH_QUEUE_SETTINGS = {
  maxReceiveCount: 8,
  visibilityTimeoutSeconds: 6 * 15 * 60,
  batchSize: 1,
  timeoutSeconds: 15 * 60,
} as const satisfies QueueSettings;
