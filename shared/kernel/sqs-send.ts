import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { StoreUnavailableError } from './errors';

/**
 * Send one JSON message and resolve only once SQS has it. Any failure becomes a
 * StoreUnavailableError ("<queue> could not be written"): a 503 to a webhook, so the platform
 * retries, and nothing was accepted.
 */
export async function sendJsonMessage(
  sqs: SQSClient,
  queueUrl: string,
  body: unknown,
  queue: string,
): Promise<void> {
  try {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
  } catch (error) {
    throw new StoreUnavailableError(`${queue} could not be written`, { cause: error });
  }
}
