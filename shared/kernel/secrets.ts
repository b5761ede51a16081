import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';

/** Secrets are cached in the container for this long, so rotation takes effect within it. */
const MAX_AGE_SECONDS = 300;

/**
 * The webhook signing secret holds `current` and, during rotation, `previous` with the moment it
 * stops being accepted (`{"current":"whsec_...","previous":"whsec_...","previousExpiresAt":
 * "2026-12-01T12:00:00Z"}`). A `previous` without `previousExpiresAt`, or past it, is refused:
 * an old secret cannot stay valid because someone forgot to remove it.
 */
const signingSecret = z.object({
  current: z.string().min(1),
  previous: z.string().min(1).optional(),
  previousExpiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type SigningSecretValue = z.input<typeof signingSecret>;

/** The secrets that verify at `now`: `current`, and `previous` until its expiry. */
export function activeSigningSecrets(value: unknown, now: Date): string[] {
  const parsed = signingSecret.parse(value);
  const previousValid =
    parsed.previous !== undefined &&
    parsed.previousExpiresAt !== undefined &&
    now.getTime() < Date.parse(parsed.previousExpiresAt);
  return previousValid ? [parsed.current, parsed.previous as string] : [parsed.current];
}
const pepperSecret = z.object({ pepper: z.string().min(16) });

/** `fresh` bypasses the cache (used once after a verification failure, so a rotation applies at once). */
export async function webhookSigningSecrets(
  secretId: string,
  options: { fresh?: boolean } = {},
  now: () => Date = () => new Date(),
): Promise<string[]> {
  const value = await getSecret(secretId, {
    maxAge: MAX_AGE_SECONDS,
    transform: 'json',
    forceFetch: options.fresh === true,
  });
  return activeSigningSecrets(value, now());
}

export async function pseudonymPepper(secretId: string): Promise<string> {
  return pepperSecret.parse(await getSecret(secretId, { maxAge: MAX_AGE_SECONDS, transform: 'json' })).pepper;
}
