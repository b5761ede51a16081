import { z } from 'zod';
import { externalId, instant, phoneText, provider } from '../kernel/contract';

/**
 * The canonical call webhook contract (Standard Webhooks envelope: type, timestamp, data).
 * Object schemas strip unknown keys: anything the notice does not list (N1, N15) never
 * gets past this file.
 */
const callRef = { provider, callId: externalId };
const direction = z.enum(['inbound', 'outbound'], { message: 'must be "inbound" or "outbound"' });
/** `null` or a marker such as "anonymous" means the caller withheld their number. */
const from = phoneText.nullable();
const to = phoneText;

const envelope = <T extends string, D extends z.ZodRawShape>(type: T, data: D) =>
  z.object({ type: z.literal(type), timestamp: instant.optional(), data: z.object(data) });

export const callStarted = envelope('call.started', {
  ...callRef,
  direction,
  from,
  to,
  startedAt: instant,
});

export const callAnswered = envelope('call.answered', {
  ...callRef,
  answeredAt: instant,
  direction: direction.optional(),
  from: from.optional(),
  to: to.optional(),
  startedAt: instant.optional(),
});

export const callEnded = envelope('call.ended', {
  ...callRef,
  endedAt: instant,
  direction: direction.optional(),
  from: from.optional(),
  to: to.optional(),
  startedAt: instant.optional(),
  answeredAt: instant.optional(),
});

export const CALL_EVENT_TYPES = ['call.started', 'call.answered', 'call.ended'] as const;

export const callEvent = z.discriminatedUnion('type', [callStarted, callAnswered, callEnded], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `unknown event type; expected one of ${CALL_EVENT_TYPES.join(', ')}`
      : undefined,
});

export type CallEvent = z.output<typeof callEvent>;

/**
 * A recording of the call is ready at the provider: `url` (https, on the recording source
 * allow-list) is pulled asynchronously and streamed into S3 (docs/recordings.md).
 */
export const recordingAvailable = envelope('recording.available', {
  ...callRef,
  url: z.string().min(1, 'must not be empty').max(2048, 'must be at most 2048 characters'),
});
export type RecordingAvailableEvent = z.output<typeof recordingAvailable>;

/**
 * A platform that pushes audio asks for a presigned S3 PUT for the call's recording:
 * `contentType` is pinned in the signature, `size` (bytes) is capped and pinned too.
 */
export const RECORDING_UPLOAD_CONTENT_TYPES = [
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/mpeg',
  'audio/ogg',
  'audio/opus',
  'audio/flac',
  'audio/x-flac',
] as const;
export const recordingUploadRequested = envelope('recording.upload-requested', {
  ...callRef,
  contentType: z.enum(RECORDING_UPLOAD_CONTENT_TYPES, {
    message: `must be one of ${RECORDING_UPLOAD_CONTENT_TYPES.join(', ')}`,
  }),
  size: z
    .number({ message: 'must be the recording size in bytes' })
    .int('must be a whole number of bytes')
    .positive('must be greater than 0'),
});
export type RecordingUploadRequest = z.output<typeof recordingUploadRequested>;
