import * as z from 'zod/mini';
import { provider } from './contract';
import { type SecretReadOptions, webhookSigningSecrets } from './secrets';

/**
 * A platform is an authenticated tenant: a slug (the `{platform}` of its webhook routes and the
 * `provider` of everything it stores), a kind (the dialect it speaks) and its own secret in
 * Secrets Manager. The functions get the registry as the `PLATFORMS` environment variable, a JSON
 * object built by the stack from the `platforms` context (infra/config.ts, ADR 0007).
 */
export const PLATFORM_KINDS = ['standard-webhooks', 'twilio'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

/** A platform's slug: the same rule as a contact's `provider`, which it becomes. */
export const platformSlug = provider;

const identity = z.string().check(z.minLength(1));
const platformEntry = z.object({
  kind: z.enum(PLATFORM_KINDS),
  secretId: identity,
  /** Twilio: delete a recording at Twilio once our copy is stored (default on, N13). */
  deleteRecordingsAtSource: z.optional(z.boolean()),
  /** Twilio Conversations: identities (exact, or a `prefix*`) whose messages are the agent's / a bot's. */
  agentIdentities: z.optional(z.array(identity)),
  botIdentities: z.optional(z.array(identity)),
});
export type PlatformEntry = z.output<typeof platformEntry>;
export type Platforms = Record<string, PlatformEntry>;

const platformsJson = z.record(platformSlug, platformEntry);

/** `PLATFORMS`: the JSON registry; absent means no platform can deliver anything. */
export const platformsEnv = z.pipe(
  z.pipe(
    z._default(z.string(), '{}'),
    z.transform((text: string, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'PLATFORMS must be a JSON object', input: text });
        return z.NEVER;
      }
    }),
  ),
  platformsJson,
);

/** The registered platform with this slug, if any (own keys only: `constructor` is not a platform). */
export function findPlatform(platforms: Platforms, slug: string | undefined): PlatformEntry | undefined {
  if (!slug || !Object.hasOwn(platforms, slug)) return undefined;
  return platforms[slug];
}

/**
 * The active Standard Webhooks secrets of a platform, or none when the slug is unknown or the
 * platform speaks another dialect: the signature check then answers the same 401 as for a bad
 * signature, so an answer never reveals which platforms exist.
 */
export function standardWebhookSecrets(
  platforms: Platforms,
  read: (secretId: string, options?: SecretReadOptions) => Promise<string[]> = webhookSigningSecrets,
): (platform: string | undefined, options?: SecretReadOptions) => Promise<string[]> {
  return async (slug, options) => {
    const platform = findPlatform(platforms, slug);
    if (platform?.kind !== 'standard-webhooks') return [];
    return read(platform.secretId, options);
  };
}
