import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from './errors';

/** The `{platform}` path parameter of a webhook route (`/webhooks/{platform}/calls`). */
export function platformOf(event: APIGatewayProxyEventV2): string | undefined {
  return event.pathParameters?.platform;
}

/**
 * The authenticated platform is the `provider` of everything it sends: a body that names
 * another provider is refused with 403 before anything is stored, so one platform's secret
 * can never create, change or mint upload URLs for another platform's contacts.
 */
export function assertProviderIsPlatform(payload: unknown, platform: string | undefined): void {
  const named = (payload as { data?: { provider?: unknown } } | null)?.data?.provider;
  if (named === undefined) return; // the contract's own check answers 400
  if (platform === undefined || named !== platform) {
    throw new HttpError(
      403,
      'data.provider must be the platform this route is for (/webhooks/{platform}/…); nothing was stored',
      'Forbidden',
    );
  }
}
