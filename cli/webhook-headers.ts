import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * The headers a Standard Webhooks sender puts on `body`, signed with `secret`: what a platform
 * sends, and what the smoke test, the demo, the benchmarks and the tests send as one.
 */
export function signedWebhookHeaders(
  secret: string,
  body: string,
  { id = `msg_${randomUUID()}`, at = new Date() }: { id?: string; at?: Date } = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}
