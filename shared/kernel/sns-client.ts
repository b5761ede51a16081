import { SNSClient } from '@aws-sdk/client-sns';
import { tracer } from './observability';
import { API_CALL_TIMEOUTS } from './sdk-timeouts';

/** SNS (see kernel/dynamo-client.ts for how clients are made). */
let sms: SNSClient | undefined;

/** The part of an X-Ray (sub)segment the SMS client's trace needs. */
export interface TraceSegment {
  addNewSubsegment(name: string): {
    addAttribute(name: string, value: unknown): void;
    addErrorFlag(): void;
    addFaultFlag(): void;
    close(): void;
  };
}

/**
 * Traces an SMS client without personal data: one `SNS` subsegment per call, flagged on error,
 * but never the error message, the stack or the request — SNS error messages can repeat the
 * phone number ("Invalid parameter: PhoneNumber …"), and X-Ray's own SDK patcher stores them.
 */
export function tracePrivately(client: SNSClient, segment: () => TraceSegment | undefined): SNSClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const subsegment = segment()?.addNewSubsegment('SNS');
      subsegment?.addAttribute('namespace', 'aws');
      subsegment?.addAttribute('aws', { operation: context.commandName?.replace(/Command$/, '') });
      try {
        return await next(args);
      } catch (error) {
        const status =
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 500;
        if (status >= 500) subsegment?.addFaultFlag();
        else subsegment?.addErrorFlag();
        throw error;
      } finally {
        subsegment?.close();
      }
    },
    { step: 'initialize', name: 'privateSmsTrace' },
  );
  return client;
}

/**
 * SNS for SMS, with SDK retries OFF: a retry after a timed-out Publish could send the SMS
 * twice. The survey sender handles retries itself (docs/adr/0004-survey-exactly-once.md).
 * Not patched by `tracer.captureAWSv3Client`: see `tracePrivately`.
 */
export function smsClient(): SNSClient {
  sms ??= tracePrivately(new SNSClient({ maxAttempts: 1, requestHandler: API_CALL_TIMEOUTS }), () =>
    tracer.isTracingEnabled() ? (tracer.getSegment() as TraceSegment | undefined) : undefined,
  );
  return sms;
}
