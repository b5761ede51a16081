import * as z from 'zod/mini';
import { isContactId } from '../kernel/contact-id';
import type { QueueSettings } from '../kernel/sqs-batch';

/**
 * The SMS was certainly not accepted (throttled, or refused before sending). `retryable` says
 * whether trying again later can help. Any other error from the SMS port means the outcome is
 * unknown: the SMS may have gone out.
 */
export class SmsNotSentError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SmsNotSentError';
  }
}

/**
 * The account cannot send SMS now (spend limit reached, sending not authorised): every survey would
 * fail the same way, so the sender pauses instead of failing them one by one.
 */
export class SmsAccountBlockedError extends SmsNotSentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
    this.name = 'SmsAccountBlockedError';
  }
}

/** Port: sends one SMS. */
export interface SmsSender {
  send(sms: { phoneNumber: string; text: string }): Promise<{ messageId: string }>;
}

/**
 * One scheduled survey on the queue: a contact id and a time only, no personal data. The
 * scheduler and the sender write it; the sender's SQS consumer reads it with this schema.
 */
export const surveyJobSchema = z.object({
  contactId: z.string().check(z.refine(isContactId, 'must be a contact id')),
  /** ISO instant before which the survey must not be sent. */
  notBefore: z.iso.datetime(),
});

export type SurveyJob = z.infer<typeof surveyJobSchema>;

/**
 * The survey queue and its sender (infra/constructs/surveys.ts, local mode): 10 jobs per
 * invocation, a message hidden 6 × the sender's 20 s timeout so a job in progress is
 * not handed out twice, and the dead-letter queue after 5 receives.
 */
export const SURVEY_QUEUE_SETTINGS = {
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 6 * 20,
  batchSize: 10,
  timeoutSeconds: 20,
} as const satisfies QueueSettings;

/** Port: the durable delayed job queue that carries scheduled surveys. */

export interface SurveyQueue {
  /** Deliver `job` to the sender after about `delaySeconds` (the adapter may cap the delay). */
  enqueue(job: SurveyJob, delaySeconds: number): Promise<void>;
}
