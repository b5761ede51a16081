import { createHash } from 'node:crypto';
import { CONNECT_CALL_RECORDINGS_KEYS } from '../kernel/object-keys';
import type { ContactTraceRecord } from './contract';

/**
 * The object keys in our bucket of the call recordings a CTR names. `Recording.Location` and
 * `Recordings[].Location` are "the location, in Amazon S3, for the recording" written as
 * `<bucket>/<key>` (CTR data model, RecordingInfo:
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_RecordingInfo.html). Only keys under
 * connect/call-recordings/ are ours: screen recordings and other storage settings are not. The
 * file name is never parsed: AWS does not promise its shape.
 */
export function recordingKeysOf(ctr: ContactTraceRecord): string[] {
  const locations = [ctr.Recording?.Location, ...(ctr.Recordings ?? []).map((r) => r.Location)];
  const keys = new Set<string>();
  for (const location of locations) {
    const key = objectKeyOf(location);
    if (key) keys.add(key);
  }
  return [...keys];
}

function objectKeyOf(location: string | null | undefined): string | undefined {
  if (!location) return undefined;
  const withoutScheme = location.replace(/^s3:\/\//, '');
  const slash = withoutScheme.indexOf('/');
  if (slash < 1) return undefined;
  const key = withoutScheme.slice(slash + 1);
  if (!key.startsWith(CONNECT_CALL_RECORDINGS_KEYS) || key.split('/').includes('..')) return undefined;
  return key;
}

/** The audio's extension from its key (`wav` for Connect), for the recordings/ key; `wav` if none. */
export function extensionOf(objectKey: string): string {
  return /\.([A-Za-z0-9]{2,5})$/.exec(objectKey)?.[1]?.toLowerCase() ?? 'wav';
}

/** The object key as stored in a table key: a hash, so no file name chosen by Connect is kept (N17). */
export const objectKeyHash = (objectKey: string): string =>
  createHash('sha256').update(objectKey, 'utf8').digest('hex');
