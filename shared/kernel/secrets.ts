import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';

/** Secrets are cached in the container for this long, so rotation takes effect within it. */
const MAX_AGE_SECONDS = 300;

/**
 * The webhook signing secret holds `current` and, during rotation, `previous`
 * (`{"current":"whsec_...","previous":"whsec_..."}`); both verify until `previous` is removed.
 */
const signingSecret = z.object({ current: z.string().min(1), previous: z.string().min(1).optional() });
const pepperSecret = z.object({ pepper: z.string().min(16) });

export async function webhookSigningSecrets(secretId: string): Promise<string[]> {
  const value = signingSecret.parse(
    await getSecret(secretId, { maxAge: MAX_AGE_SECONDS, transform: 'json' }),
  );
  return value.previous ? [value.current, value.previous] : [value.current];
}

export async function pseudonymPepper(secretId: string): Promise<string> {
  return pepperSecret.parse(await getSecret(secretId, { maxAge: MAX_AGE_SECONDS, transform: 'json' })).pepper;
}
