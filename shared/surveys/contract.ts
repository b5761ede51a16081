import * as z from 'zod/mini';

/**
 * The JSON that AWS End User Messaging SMS (two-way SMS) publishes to the inbound SNS topic.
 * Only the sender and the text are kept (N15); `messageBody` is never stored or logged.
 */
export const inboundSmsMessage = z.object({
  originationNumber: z.string().check(z.minLength(1)),
  destinationNumber: z.optional(z.string()),
  messageBody: z.string(),
  inboundMessageId: z.optional(z.string()),
});

/** An SMS reply as the domain sees it: who sent it and what it says. */
export interface InboundSms {
  /** The sender's number as the SMS network gives it (E.164). */
  from: string;
  text: string;
  receivedAt?: Date;
}

/** undefined when the message is not an inbound SMS notification. */
export function parseInboundSms(message: string): InboundSms | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = inboundSmsMessage.safeParse(json);
  if (!parsed.success) return undefined;
  return { from: parsed.data.originationNumber, text: parsed.data.messageBody };
}
