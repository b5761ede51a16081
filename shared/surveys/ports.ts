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

/** Port: sends one SMS. */
export interface SmsSender {
  send(sms: { phoneNumber: string; text: string }): Promise<{ messageId: string }>;
}

/** Port: the durable delayed job queue that carries scheduled surveys. */
export interface SurveyJob {
  contactId: string;
  /** ISO instant before which the survey must not be sent. */
  notBefore: string;
}

export interface SurveyQueue {
  /** Deliver `job` to the sender after about `delaySeconds` (the adapter may cap the delay). */
  enqueue(job: SurveyJob, delaySeconds: number): Promise<void>;
}
