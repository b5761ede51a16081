import * as z from 'zod/mini';
import { callRef } from '../calls/contract';
import { envelope } from '../kernel/contract';

/**
 * A recording of the call is ready at the provider: `url` (https, on the recording source
 * allow-list) is pulled asynchronously and streamed into S3 (docs/recordings.md).
 */
export const recordingAvailable = envelope(
  'recording.available',
  z.object({
    ...callRef,
    url: z
      .string()
      .check(z.minLength(1, 'must not be empty'), z.maxLength(2048, 'must be at most 2048 characters')),
  }),
);
export type RecordingAvailableEvent = z.output<typeof recordingAvailable>;

/**
 * A platform that pushes audio asks for a presigned S3 PUT for the call's recording:
 * `contentType` is pinned in the signature, `size` (bytes) is capped and pinned too, and so is
 * `sha256` when given. The PUT is create-only (`If-None-Match: *`).
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
export const recordingUploadRequested = envelope(
  'recording.upload-requested',
  z.object({
    ...callRef,
    contentType: z.enum(RECORDING_UPLOAD_CONTENT_TYPES, {
      message: `must be one of ${RECORDING_UPLOAD_CONTENT_TYPES.join(', ')}`,
    }),
    size: z
      .number({ message: 'must be the recording size in bytes' })
      .check(z.int('must be a whole number of bytes'), z.positive('must be greater than 0')),
    /** SHA-256 of the audio (64 hex digits), when the platform knows it: S3 refuses other bytes. */
    sha256: z.optional(
      z.pipe(
        z
          .string()
          .check(
            z.regex(/^[0-9a-fA-F]{64}$/, 'must be the SHA-256 of the recording as 64 hexadecimal digits'),
          ),
        z.transform((hex: string) => hex.toLowerCase()),
      ),
    ),
  }),
);
export type RecordingUploadRequest = z.output<typeof recordingUploadRequested>;
