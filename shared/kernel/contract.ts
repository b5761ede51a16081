import * as z from 'zod/mini';

/** An instant with an explicit offset, normalised to UTC ISO-8601 (`...Z`). */
export const instant = z.pipe(
  z.iso.datetime({
    offset: true,
    message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T10:15:00Z',
  }),
  z.transform((value: string) => new Date(value).toISOString()),
);

/** Identifiers chosen by the platform: printable ASCII, no spaces, no personal data. */
export const externalId = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(128, 'must be at most 128 characters'),
    z.regex(/^[A-Za-z0-9._:@-]+$/, 'may contain only letters, digits and . _ : @ -'),
  );

export const provider = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(64, 'must be at most 64 characters'),
    z.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug such as "genesys" or "acme-cc"'),
  );

/** A phone number as the platform sent it; normalised to E.164 by the domain. */
export const phoneText = z.string().check(z.maxLength(40, 'must be at most 40 characters'));

/** The Standard Webhooks body: `{ type, timestamp?, data }`; `data` is the event's own schema. */
export const envelope = <T extends string, D extends z.ZodMiniType>(type: T, data: D) =>
  z.object({ type: z.literal(type), timestamp: z.optional(instant), data });

const PHONE_LIKE = /\+?\d[\d\s-]{6,}\d/;
const REASON_REQUIRED = 'is required: say why (at least 3 characters), e.g. "dispute DS-1042"';

/** A free-text reason for an ops action: required, short, and without phone numbers (N7, N17). */
export const auditReason = z.string({ error: REASON_REQUIRED }).check(
  z.trim(),
  z.minLength(3, REASON_REQUIRED),
  z.maxLength(500, 'is too long (at most 500 characters)'),
  z.refine((reason) => !PHONE_LIKE.test(reason), {
    error: 'looks like it contains a phone number; refer to the case by its reference instead',
  }),
);
