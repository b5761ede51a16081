import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod/mini';

/**
 * A Twilio platform's secret (docs/platforms/twilio.md):
 * `{"accountSid":"AC…","current":"<auth token>","previous":"<old auth token>",
 *   "sharedKeys":{"<key id>":"<secret>"},"apiKeySid":"SK…","apiKeySecret":"…"}`.
 * - `current`/`previous`: Auth Tokens that verify `X-Twilio-Signature` (HMAC-SHA1), both during rotation;
 * - `sharedKeys`: webhook SharedKeys, for requests that name one in `X-Twilio-Webhooks-Signature-Settings`
 *   (HMAC-SHA256); several during rotation;
 * - `apiKeySid`/`apiKeySecret`: the API key the recording pull and delete authenticate with.
 */
const nonEmpty = z.string().check(z.minLength(1));
export const twilioSecret = z.object({
  accountSid: z.string().check(z.regex(/^AC[0-9a-fA-F]{32}$/)),
  current: nonEmpty,
  previous: z.optional(nonEmpty),
  sharedKeys: z.optional(z.record(nonEmpty, nonEmpty)),
  apiKeySid: z.optional(nonEmpty),
  apiKeySecret: z.optional(nonEmpty),
});
export type TwilioSecret = z.output<typeof twilioSecret>;

/**
 * Reads and checks a Twilio platform's secret (cached 5 minutes, so a rotation takes effect within
 * that). A secret that is not (yet) filled in answers `undefined`: the request is then refused like
 * one with a bad signature, never a 500 that would make Twilio retry forever.
 */
export async function readTwilioSecret(
  secretId: string,
  read: (id: string) => Promise<unknown> = (id) => getSecret(id, { maxAge: 300, transform: 'json' }),
): Promise<TwilioSecret | undefined> {
  const parsed = twilioSecret.safeParse(await read(secretId));
  return parsed.success ? parsed.data : undefined;
}

/** `Authorization: Basic …` for Twilio's REST API with the platform's API key. */
export function twilioBasicAuth(secret: TwilioSecret): string | undefined {
  if (!secret.apiKeySid || !secret.apiKeySecret) return undefined;
  return `Basic ${Buffer.from(`${secret.apiKeySid}:${secret.apiKeySecret}`).toString('base64')}`;
}
