import { FETCH_QUEUE_SETTINGS, type FetchJob } from './fetch-job';
import type { RecordingStore } from './recording';

/** Port: deletes a recording at its source (./../twilio/recording-source.ts for Twilio). */
export type DeleteAtSource = (job: FetchJob) => Promise<void>;

/** Not yet: our own copy is not recorded yet, so the source copy stays; the job is retried. */
export class SourceDeleteNotYetError extends Error {
  constructor(contactId: string) {
    super(`contact ${contactId}: the recording is not recorded here yet; the source copy is kept for now`);
    this.name = 'SourceDeleteNotYetError';
  }
}

export type SourceDeleteOutcome = 'deleted' | 'already-deleted' | 'not-recorded';

/**
 * After a pull: delete the recording at its source, but only once our copy has been checked and
 * recorded by the landed function (a refused or missing copy keeps the source copy). A failure is
 * recorded on the contact (`sourceDelete`: pending, or failed on the queue's last attempt) and
 * thrown, so the job is retried with the pull's backoff; our own copy is never touched.
 */
export async function deleteAtSourceWhenStored(
  job: FetchJob,
  deps: { recordings: RecordingStore; deleteAtSource: DeleteAtSource; now?: () => Date },
  receiveCount: number,
): Promise<SourceDeleteOutcome> {
  const now = deps.now?.() ?? new Date();
  const contact = await deps.recordings.getContact(job.contactId);
  if (!contact) return 'not-recorded';
  if (contact.sourceDelete?.state === 'deleted') return 'already-deleted';
  const attempts = (contact.sourceDelete?.attempts ?? 0) + 1;
  const last = receiveCount >= FETCH_QUEUE_SETTINGS.maxReceiveCount;
  if (!contact.recording) {
    if (contact.recordingProblem) return 'not-recorded'; // refused here: nothing to delete for
    throw new SourceDeleteNotYetError(job.contactId);
  }
  try {
    await deps.deleteAtSource(job);
  } catch (error) {
    await deps.recordings.markSourceDelete(job.contactId, {
      state: last ? 'failed' : 'pending',
      attempts,
      at: now.toISOString(),
      reason: (error as Error).message.slice(0, 200),
    });
    throw error;
  }
  await deps.recordings.markSourceDelete(job.contactId, {
    state: 'deleted',
    attempts,
    at: now.toISOString(),
  });
  return 'deleted';
}
