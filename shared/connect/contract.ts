import * as z from 'zod/mini';
import { instant, phoneText } from '../kernel/contract';

/**
 * The Amazon Connect contact trace record (CTR), as it arrives on the Kinesis stream: only the
 * fields the privacy notice lists (N1–N4, N6) and the ones needed to order and route them. The
 * object schemas strip everything else — attributes, queue, agent hierarchy and identity, Contact
 * Lens data, recordings' details other than where the audio is — so it never gets past this file
 * (N15).
 * Data model: https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
 */

/** Connect's contact ids are UUIDs. */
export const connectContactId = z
  .string()
  .check(
    z.regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      'must be a Connect contact id (UUID)',
    ),
  );

/** `CustomerEndpoint` / `SystemEndpoint`: only the address (a phone number for voice). */
const endpoint = z.nullish(z.object({ Address: z.optional(phoneText) }));

/**
 * `Recording` / `Recordings[]` (RecordingInfo): only `Location`, "the location, in Amazon S3, for
 * the recording" as `<bucket>/<key>` (shared/connect/recording-location.ts). Status, type,
 * participant, deletion reason and fragment numbers are dropped.
 */
const recordingInfo = z.object({ Location: z.nullish(z.string().check(z.maxLength(1024))) });

export const CTR_CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;

export const contactTraceRecord = z.object({
  ContactId: connectContactId,
  InitialContactId: z.nullish(connectContactId),
  PreviousContactId: z.nullish(connectContactId),
  Channel: z.enum(CTR_CHANNELS),
  /** INBOUND, OUTBOUND, TRANSFER, CALLBACK, API, QUEUE_TRANSFER, MONITOR, DISCONNECT, … */
  InitiationMethod: z.string().check(z.minLength(1), z.maxLength(64)),
  InitiationTimestamp: instant,
  ConnectedToSystemTimestamp: z.nullish(instant),
  DisconnectTimestamp: z.nullish(instant),
  LastUpdateTimestamp: instant,
  CustomerEndpoint: endpoint,
  SystemEndpoint: endpoint,
  Agent: z.nullish(z.object({ ConnectedToAgentTimestamp: z.nullish(instant) })),
  Recording: z.nullish(recordingInfo),
  Recordings: z.nullish(z.array(recordingInfo).check(z.maxLength(100))),
});

export type ContactTraceRecord = z.output<typeof contactTraceRecord>;
