import { z } from 'zod';

/** An instant with an explicit offset, normalised to UTC ISO-8601 (`...Z`). */
export const instant = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T10:15:00Z',
  })
  .transform((value) => new Date(value).toISOString());

/** Identifiers chosen by the platform: printable ASCII, no spaces, no personal data. */
export const externalId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9._:@-]+$/, 'may contain only letters, digits and . _ : @ -');

export const provider = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug such as "genesys" or "acme-cc"');

/** A phone number as the platform sent it; normalised to E.164 by the domain. */
export const phoneText = z.string().max(40, 'must be at most 40 characters');

/** The Standard Webhooks body: `{ type, timestamp?, data }`; `data` is the event's own schema. */
export const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), timestamp: instant.optional(), data });
