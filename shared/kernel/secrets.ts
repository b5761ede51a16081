import { getSecret, type SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';

/** Secrets are cached in the container for this long, so rotation takes effect within it. */
const MAX_AGE_SECONDS = 300;

/**
 * The webhook signing secret holds `current` and, during rotation, `previous`
 * (`{"current":"whsec_...","previous":"whsec_..."}`); both verify until `previous` is removed.
 */
const signingSecret = z.object({ current: z.string().min(1), previous: z.string().min(1).optional() });
const pepperSecret = z.object({ pepper: z.string().min(16) });

/** Reads a JSON secret; `provider` only to point at another endpoint (tests). */
function readSecret(secretId: string, provider?: SecretsProvider): Promise<unknown> {
  const options = { maxAge: MAX_AGE_SECONDS, transform: 'json' } as const;
  return provider ? provider.get(secretId, options) : getSecret(secretId, options);
}

export async function webhookSigningSecrets(secretId: string, provider?: SecretsProvider): Promise<string[]> {
  const value = signingSecret.parse(await readSecret(secretId, provider));
  return value.previous ? [value.current, value.previous] : [value.current];
}

export async function pseudonymPepper(secretId: string, provider?: SecretsProvider): Promise<string> {
  return pepperSecret.parse(await readSecret(secretId, provider)).pepper;
}
