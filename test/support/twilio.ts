import { randomBytes } from 'node:crypto';
// Signatures in tests come from the official package itself, never a re-implementation.
import { getExpectedTwilioSignature, HMAC_SHA256 } from 'twilio/lib/webhooks/webhooks';

/** The Twilio platform startSystem registers (test/support/local-system.ts). */
export const TWILIO_PLATFORM = 'twilio-fi';
export const TWILIO_ACCOUNT_SID = `AC${'0a1b2c3d'.repeat(4)}`;
export const TWILIO_AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const TWILIO_PREVIOUS_AUTH_TOKEN = 'test-previous-token-fedcba9876543210';
export const TWILIO_SHARED_KEY_ID = 'webhooks_sharedkey_test1';
export const TWILIO_SHARED_KEY = 'test-shared-key-secret-0123456789';
export const TWILIO_API_KEY_SID = `SK${'11'.repeat(16)}`;
export const TWILIO_API_KEY_SECRET = 'test-api-key-secret';
/** The public base URL Twilio is configured with; requests reach the local server on another host. */
export const PUBLIC_BASE_URL = 'https://hooks.example.fi';

export const twilioSecret = {
  accountSid: TWILIO_ACCOUNT_SID,
  current: TWILIO_AUTH_TOKEN,
  previous: TWILIO_PREVIOUS_AUTH_TOKEN,
  sharedKeys: { [TWILIO_SHARED_KEY_ID]: TWILIO_SHARED_KEY },
  apiKeySid: TWILIO_API_KEY_SID,
  apiKeySecret: TWILIO_API_KEY_SECRET,
};

export const callSid = () => `CA${randomBytes(16).toString('hex')}`;
export const recordingSid = () => `RE${randomBytes(16).toString('hex')}`;
/** Twilio's `Timestamp` format (RFC 2822), e.g. `Mon, 16 Aug 2010 03:45:01 +0000`. */
export const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');

export interface TwilioPost {
  /** Sign with this token / shared key (default: the current Auth Token). */
  token?: string;
  /** Sign over this URL (default: the configured public URL of the route). */
  signedUrl?: string;
  sharedKey?: { id: string; secret: string };
  headers?: Record<string, string>;
  platform?: string;
}

/** POST a form-encoded Twilio callback to `route` (e.g. `twilio/voice/status`) of the local system. */
export async function postTwilio(
  baseUrl: string,
  route: string,
  params: Record<string, string>,
  options: TwilioPost = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const path = `/webhooks/${options.platform ?? TWILIO_PLATFORM}/${route}`;
  const signedUrl = options.signedUrl ?? `${PUBLIC_BASE_URL}${path}`;
  const signature = options.sharedKey
    ? getExpectedTwilioSignature(options.sharedKey.secret, signedUrl, params, HMAC_SHA256)
    : getExpectedTwilioSignature(options.token ?? TWILIO_AUTH_TOKEN, signedUrl, params);
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      ...(options.sharedKey
        ? { 'x-twilio-webhooks-signature-settings': `key=${options.sharedKey.id},algorithm=${HMAC_SHA256}` }
        : {}),
      ...options.headers,
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
