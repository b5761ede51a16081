import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { httpBundle } from './bundle';
import { assertProviderIsPlatform, platformOf } from './platform';
import { type SignedWebhookEvent, signedWebhook } from './signed-webhook';

/** What every Standard Webhooks route of a platform needs (ADR 0007). */
export interface SignedWebhookDeps {
  /**
   * The active signing secrets of the platform named in the route; none for an unknown platform.
   * `fresh`: bypass the cache (asked once after a verification failure).
   */
  signingSecrets: (platform: string | undefined, options?: { fresh?: boolean }) => Promise<string[]>;
  /** Deduplication on platform + webhook-id; optional so unit tests can leave it out. */
  idempotency?: MiddlewareObj<SignedWebhookEvent, APIGatewayProxyResultV2>;
}

/**
 * A signed platform webhook (`/webhooks/{platform}/…`): the HTTP bundle, the platform's signature
 * on the raw body, deduplication, and the rule that the body's provider is the authenticated
 * platform (403 otherwise, nothing stored). `handle` gets the verified JSON payload.
 */
export function signedPlatformWebhook(
  deps: SignedWebhookDeps,
  handle: (payload: unknown) => Promise<APIGatewayProxyResultV2>,
) {
  return httpBundle<SignedWebhookEvent>(
    async (event) => {
      assertProviderIsPlatform(event.payload, platformOf(event));
      return handle(event.payload);
    },
    signedWebhook((event, options) => deps.signingSecrets(platformOf(event), options)),
    ...(deps.idempotency ? [deps.idempotency] : []),
  );
}
