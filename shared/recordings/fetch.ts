import { recordingKey } from '../kernel/object-keys';
import { CallNotReadyError, isPermanent } from './errors';
import type { AudioFormat, AudioFormatInfo } from './format';
import type { FetchJob } from './intake';
import { type RecordingStore, recordingEligibility } from './recording';
import { checkSourceUrl, type SourcePolicy } from './source-policy';

/**
 * Port: streams a provider's recording into the bucket (./s3-recording-source.ts).
 * It checks the first bytes are audio before anything is stored, names the object with
 * `keyFor(format)`, and enforces the size cap, redirects and address rules while streaming.
 */
export interface RecordingSource {
  /** `headers` (a job's own credentials) go to the URL's own host only, never across a redirect. */
  pull(
    url: URL,
    keyFor: (format: AudioFormatInfo) => string,
    headers?: Record<string, string>,
  ): Promise<PulledRecording>;
}

export interface PulledRecording {
  key: string;
  size: number;
  format: AudioFormat;
}

export interface FetchDeps {
  recordings: RecordingStore;
  source: RecordingSource;
  policy: SourcePolicy;
  /** A native source's credentials for this job (e.g. a Twilio API key), if any. */
  sourceHeaders?: (job: FetchJob) => Promise<Record<string, string> | undefined>;
  now?: () => Date;
}

export type FetchOutcome =
  | { outcome: 'stored'; key: string; size: number; format: AudioFormat }
  | { outcome: 'expired' | 'already-stored' }
  | { outcome: 'refused' | 'failed'; reason: string };

/**
 * Run one pull job. Resolves when the job is finished for good — stored, not needed (expired,
 * already stored) or failed permanently (refused by N2 or the source policy, not audio, too
 * large: flagged on the contact). Throws when it should be retried later: the call has not
 * ended yet, or the transfer failed in a way that may pass (network, timeout, 5xx).
 *
 * The landed function, triggered by the new object, records key, size, hash and duration.
 */
export async function fetchRecording(job: FetchJob, deps: FetchDeps): Promise<FetchOutcome> {
  const now = deps.now?.() ?? new Date();
  const contact = await deps.recordings.getContact(job.contactId);
  const eligibility = recordingEligibility(contact, now);
  if (eligibility.kind === 'expired') return { outcome: 'expired' };
  if (eligibility.kind === 'not-ready') throw new CallNotReadyError(job.contactId, eligibility.reason);
  if (contact?.recording) return { outcome: 'already-stored' };
  if (eligibility.kind === 'refused') {
    await deps.recordings.flagProblem(job.contactId, { reason: eligibility.reason, at: now.toISOString() });
    return { outcome: 'refused', reason: eligibility.reason };
  }

  try {
    const url = checkSourceUrl(job.url, deps.policy, 'recording URL');
    const pulled = await deps.source.pull(
      url,
      (format) => recordingKey(job.contactId, eligibility.startsAt, format.ext),
      await deps.sourceHeaders?.(job),
    );
    return { outcome: 'stored', ...pulled };
  } catch (error) {
    if (!isPermanent(error)) throw error;
    const reason = (error as Error).message;
    await deps.recordings.flagProblem(job.contactId, { reason, at: now.toISOString() });
    return { outcome: 'failed', reason };
  }
}
