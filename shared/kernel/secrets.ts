import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod/mini';
import { API_CALL_TIMEOUTS } from './sdk-timeouts';

/** Secrets are cached in the container for this long, so rotation takes effect within it. */
const MAX_AGE_SECONDS = 300;

/**
 * The webhook signing secret holds `current` and, during rotation, `previous` with the moment it
 * stops being accepted (`{"current":"whsec_...","previous":"whsec_...","previousExpiresAt":
 * "2026-12-01T12:00:00Z"}`). A `previous` without `previousExpiresAt`, or past it, is refused:
 * an old secret cannot stay valid because someone forgot to remove it.
 */
const signingSecret = z.object({
  current: z.string().check(z.minLength(1)),
  previous: z.optional(z.string().check(z.minLength(1))),
  previousExpiresAt: z.optional(z.iso.datetime({ offset: true })),
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
const pepperSecret = z.object({ pepper: z.string().check(z.minLength(16)) });

/** How to read a secret: `fresh` bypasses the cache; `provider` only points at another endpoint (tests). */
export interface SecretReadOptions {
  fresh?: boolean;
  provider?: SecretsProvider;
}

/** The container's one Secrets Manager provider (and cache), with the SDK timeouts every client has. */
let defaultProvider: SecretsProvider | undefined;

function readSecret(secretId: string, options: SecretReadOptions = {}): Promise<unknown> {
  const get = { maxAge: MAX_AGE_SECONDS, transform: 'json', forceFetch: options.fresh === true } as const;
  defaultProvider ??= new SecretsProvider({ clientConfig: { requestHandler: API_CALL_TIMEOUTS } });
  return (options.provider ?? defaultProvider).get(secretId, get);
}

/** `fresh` is asked once after a verification failure, so a rotation applies at once. */
export async function webhookSigningSecrets(
  secretId: string,
  options: SecretReadOptions = {},
  now: () => Date = () => new Date(),
): Promise<string[]> {
  return activeSigningSecrets(await readSecret(secretId, options), now());
}

export async function pseudonymPepper(secretId: string, provider?: SecretsProvider): Promise<string> {
  return pepperSecret.parse(await readSecret(secretId, { provider })).pepper;
}
