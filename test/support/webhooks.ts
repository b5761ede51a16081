import { randomUUID } from 'node:crypto';
import { signedWebhookHeaders } from '../../cli/webhook-headers';

export const TEST_SECRET = 'whsec_dGVzdC1zaWduaW5nLXNlY3JldC1mb3ItaW50ZWdyYXRpb24=';
/** The secret of a second platform, `other-cc`, registered by startSystem (platform isolation). */
export const OTHER_SECRET = 'whsec_b3RoZXItcGxhdGZvcm0tc2lnbmluZy1zZWNyZXQtdGVzdA==';
export const TEST_PEPPER = 'test-pepper-0123456789abcdef';

/** Headers a Standard Webhooks sender would put on `body`, signed with `secret`. */
export function signedHeaders(
  body: string,
  { secret = TEST_SECRET, id = `msg_${randomUUID()}`, at = new Date() } = {},
): Record<string, string> {
  return signedWebhookHeaders(secret, body, { id, at });
}

/** POST a signed JSON webhook the way a contact-center platform does. */
export async function postSigned(
  url: string,
  payload: unknown,
  options: Parameters<typeof signedHeaders>[1] = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(payload);
  const response = await fetch(url, { method: 'POST', headers: signedHeaders(body, options), body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
