import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { HttpError } from './errors';

const MAX_BODY_BYTES = 64 * 1024;

export type SignedWebhookEvent = APIGatewayProxyEventV2 & {
  /** The JSON body, parsed only after its signature has been verified on the raw bytes. */
  payload: unknown;
};

/**
 * Authenticates a Standard Webhooks request on its raw body before anything reads it:
 * 413 when over 64 KB, 401 on a missing/wrong signature or a timestamp more than 5 minutes off,
 * 415 when the body is not JSON. Accepts any of the active secrets (rotation) of the platform the
 * request is for; an unknown platform has none, so it gets the same 401 as a bad signature. The
 * timestamp must be all digits (the library would otherwise read `1700000000abc` as
 * `1700000000`). After a verification failure the secrets are read once more bypassing the
 * cache, so a rotation takes effect at once instead of after the cache's lifetime.
 */
export function signedWebhook(
  secrets: (event: APIGatewayProxyEventV2, options?: { fresh?: boolean }) => Promise<string[]>,
): MiddlewareObj<SignedWebhookEvent, APIGatewayProxyResultV2> {
  return {
    before: async (request) => {
      const { event } = request;
      const raw = rawBody(event);
      if (raw.byteLength > MAX_BODY_BYTES) {
        throw new HttpError(
          413,
          `body is ${raw.byteLength} bytes; webhooks may be at most ${MAX_BODY_BYTES} bytes`,
          'PayloadTooLarge',
        );
      }
      const text = raw.toString('utf8');
      const headers = {
        'webhook-id': event.headers['webhook-id'] ?? '',
        'webhook-timestamp': event.headers['webhook-timestamp'] ?? '',
        'webhook-signature': event.headers['webhook-signature'] ?? '',
      };
      const missing = Object.entries(headers)
        .filter(([, v]) => !v)
        .map(([k]) => k);
      if (missing.length) {
        throw new HttpError(
          401,
          `missing Standard Webhooks header(s): ${missing.join(', ')}`,
          'Unauthorized',
        );
      }
      if (!/^[0-9]{1,15}$/.test(headers['webhook-timestamp'])) {
        throw new HttpError(
          401,
          'webhook-timestamp must be whole seconds since the epoch, digits only',
          'Unauthorized',
        );
      }
      const verified =
        verifyWithAny(await secrets(event), text, headers) ??
        verifyWithAny(await secrets(event, { fresh: true }), text, headers);
      if (!verified) {
        throw new HttpError(
          401,
          'signature does not verify, or webhook-timestamp is more than 5 minutes from now; sign the raw body with the signing secret of the platform in the route',
          'Unauthorized',
        );
      }
      const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (contentType !== 'application/json' && !contentType?.endsWith('+json')) {
        throw new HttpError(
          415,
          `content-type must be application/json, got ${contentType || 'none'}`,
          'UnsupportedMediaType',
        );
      }
      if (!verified.isJson) throw new HttpError(415, 'body is not valid JSON', 'UnsupportedMediaType');
      event.payload = verified.payload;
    },
  };
}

function rawBody(event: APIGatewayProxyEventV2): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/**
 * Verify with each active secret in turn. The library parses the body once the signature
 * matches, so a SyntaxError means "authentic, but not JSON".
 */
function verifyWithAny(
  secrets: string[],
  body: string,
  headers: Record<string, string>,
): { isJson: true; payload: unknown } | { isJson: false } | undefined {
  for (const secret of secrets) {
    try {
      return { isJson: true, payload: new Webhook(secret).verify(body, headers) };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) return { isJson: false };
      // try the next active secret
    }
  }
  return undefined;
}
