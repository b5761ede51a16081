import * as z from 'zod/mini';
import { auditReason } from '../kernel/contract';

/**
 * The ops API's request bodies. Parsed with `parseOrThrow` like the webhooks, so a bad body
 * gets a 400 listing each bad field. Phone numbers and nicknames only ever travel here, in
 * POST bodies (never in paths or query strings, which end up in access logs).
 */
const optionalText = z.pipe(
  z.optional(
    z
      .string({ error: 'must be a string' })
      .check(z.trim(), z.maxLength(200, 'must be at most 200 characters')),
  ),
  z.transform((value: string | undefined) => value || undefined),
);

/** playback, hold, release: why (N7). */
export const reasonBody = z.object({ reason: auditReason });

/** subject search, export and erase: exactly one of number or nickname (checked by the domain), a period, why. */
export const subjectBody = z.object({
  reason: auditReason,
  number: optionalText,
  nickname: optionalText,
  from: optionalText,
  to: optionalText,
});

/** subject search: as above, optionally only calls with a verified identification (N8, N9). */
export const subjectSearchBody = z.extend(subjectBody, {
  identified: z.optional(z.enum(['verified'], { message: 'must be "verified"' })),
});

/** dlq redrive: why, and whether to only count (N7: audited either way). */
export const redriveBody = z.object({
  reason: auditReason,
  dryRun: z._default(z.optional(z.boolean({ error: 'must be true or false' })), false),
});
