import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { findPlatform, type PlatformEntry, type Platforms } from '../kernel/platforms';
import type { TwilioSecret } from './credentials';
import { field, parseForm, type TwilioParams, verifyTwilioSignature } from './signature';

export const MAX_TWILIO_BODY_BYTES = 64 * 1024;

const REFUSAL_CODES = { 403: 'Forbidden', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType' } as const;

/** Why a Twilio request is refused (answered with its status and code by the handler factories). */
export class TwilioRequestError extends Error {
  readonly code: string;
  constructor(
    readonly statusCode: keyof typeof REFUSAL_CODES,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioRequestError';
    this.code = REFUSAL_CODES[statusCode];
  }
}

/** The same answer for an unknown platform, a platform of another kind, and a bad signature. */
export const BAD_TWILIO_SIGNATURE =
  "X-Twilio-Signature does not verify for this route's configured URL; nothing was stored";

/**
 * The URL Twilio was configured with for this route: the configured public base URL and the
 * route's own template with the platform filled in. Never built from Host or X-Forwarded-*.
 */
export function configuredUrl(baseUrl: string, event: APIGatewayProxyEventV2, platform: string): string {
  const template = event.routeKey.split(' ')[1] ?? '';
  return `${baseUrl.replace(/\/$/, '')}${template.replace('{platform}', platform)}`;
}

export interface AuthenticatedTwilioRequest {
  platform: string;
  entry: PlatformEntry;
  secret: TwilioSecret;
  params: TwilioParams;
}

/** Authenticate a Twilio webhook: size, form body, platform, signature against the configured URL, account. */
export async function authenticateTwilio(
  event: APIGatewayProxyEventV2,
  deps: {
    platforms: Platforms;
    baseUrl: string;
    readSecret: (secretId: string) => Promise<TwilioSecret | undefined>;
  },
): Promise<AuthenticatedTwilioRequest> {
  const raw = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  if (raw.byteLength > MAX_TWILIO_BODY_BYTES) {
    throw new TwilioRequestError(413, `body is over ${MAX_TWILIO_BODY_BYTES} bytes`);
  }
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') {
    throw new TwilioRequestError(415, 'content-type must be application/x-www-form-urlencoded');
  }
  const platform = event.pathParameters?.platform ?? '';
  const entry = findPlatform(deps.platforms, platform);
  const secret = entry?.kind === 'twilio' ? await deps.readSecret(entry.secretId) : undefined;
  const params = parseForm(raw.toString('utf8'));
  if (
    !entry ||
    !secret ||
    !verifyTwilioSignature(secret, event.headers, configuredUrl(deps.baseUrl, event, platform), params)
  ) {
    throw new TwilioRequestError(403, BAD_TWILIO_SIGNATURE);
  }
  if (field(params, 'AccountSid') !== secret.accountSid) {
    throw new TwilioRequestError(403, "AccountSid is not this platform's Twilio account; nothing was stored");
  }
  return { platform, entry, secret, params };
}
