import { ValidationError } from '../kernel/errors';

/**
 * Errors of the recording flows. Names map to HTTP statuses in shared/http/errors.ts; the fetch
 * worker sorts them into permanent (flag and stop) and transient (retry with backoff).
 * Messages carry contact ids, hosts and sizes only — never URLs' paths or queries, numbers or names.
 */

/** The recording URL breaks the source policy (scheme, allow-list, credentials, private address). */
export class SourceRefusedError extends ValidationError {
  constructor(field: string, reason: string) {
    super(`${field} ${reason}`, [{ path: field, message: reason }]);
    this.name = 'SourceRefusedError';
  }
}

/** N2: the call was never answered (or the recording cannot be tied to an answered call). */
export class RecordingRefusedError extends Error {
  constructor(contactId: string, reason: string) {
    super(`recording refused for contact ${contactId}: ${reason}`);
    this.name = 'RecordingRefusedError';
  }
}

/** The call is not known yet or has not ended: the recording can be taken later. */
export class CallNotReadyError extends Error {
  constructor(contactId: string, reason: string) {
    super(
      `contact ${contactId} is not ready for its recording: ${reason}; retry after call.ended has been sent`,
    );
    this.name = 'CallNotReadyError';
  }
}

export class RecordingAlreadyStoredError extends Error {
  constructor(contactId: string) {
    super(`a recording is already stored for contact ${contactId}; it is kept and not replaced`);
    this.name = 'RecordingAlreadyStoredError';
  }
}

/** The bytes are not WAV, MP3, Ogg Opus/Vorbis or FLAC. */
export class NotAudioError extends Error {
  constructor(reason: string) {
    super(`not a supported audio recording: ${reason}`);
    this.name = 'NotAudioError';
  }
}

export class RecordingTooLargeError extends Error {
  constructor(limitBytes: number, seenBytes?: number) {
    super(
      `recording is larger than the ${limitBytes}-byte limit${seenBytes ? ` (at least ${seenBytes} bytes)` : ''}`,
    );
    this.name = 'RecordingTooLargeError';
  }
}

/** The provider answered but not with the recording (status), or the transfer failed midway. */
export class SourceFetchError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SourceFetchError';
  }
}

/** Errors that will fail the same way on every retry: flag the contact and stop. */
export function isPermanent(error: unknown): boolean {
  if (error instanceof SourceFetchError) return !error.transient;
  return (
    error instanceof SourceRefusedError ||
    error instanceof RecordingRefusedError ||
    error instanceof NotAudioError ||
    error instanceof RecordingTooLargeError
  );
}
