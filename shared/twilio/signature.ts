// Only the webhook validator: the REST client never enters the bundle (test/unit/bundle-budget.test.ts).
import { getSignatureAlgorithm, HMAC_SHA1, validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { TwilioSecret } from './credentials';

export type TwilioParams = Record<string, string | string[]>;

/** A single value of a form field (the first, if Twilio repeated it). */
export const field = (params: TwilioParams, name: string): string | undefined => {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Parses an `application/x-www-form-urlencoded` body as Twilio sends it; a repeated key becomes a
 * list, as the validator expects.
 */
export function parseForm(body: string): TwilioParams {
  const params: TwilioParams = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/**
 * Verifies `X-Twilio-Signature` with the official validator against `url`, the route's
 * **configured** public URL (never one rebuilt from Host or X-Forwarded-* headers, which a proxy or
 * an attacker controls). A request naming a SharedKey in `X-Twilio-Webhooks-Signature-Settings` is
 * checked with that key and the algorithm the header names (HMAC-SHA256); any other with the
 * Auth Token(s), HMAC-SHA1, the previous token too during rotation.
 */
export function verifyTwilioSignature(
  secret: TwilioSecret,
  headers: Record<string, string | undefined>,
  url: string,
  params: TwilioParams,
): boolean {
  const signature = headers['x-twilio-signature'];
  if (!signature) return false;
  const settings = headers['x-twilio-webhooks-signature-settings'];
  if (settings) {
    const keyId = /(?:^|,)\s*key=([^,\s]+)/.exec(settings)?.[1];
    const key =
      keyId && secret.sharedKeys && Object.hasOwn(secret.sharedKeys, keyId)
        ? secret.sharedKeys[keyId]
        : undefined;
    return key !== undefined && validateRequest(key, signature, url, params, getSignatureAlgorithm(settings));
  }
  const tokens = secret.previous ? [secret.current, secret.previous] : [secret.current];
  return tokens.some((token) => validateRequest(token, signature, url, params, HMAC_SHA1));
}
