import { findPlatform, type Platforms } from '../kernel/platforms';
import type { FetchJob } from '../recordings/fetch-job';
import { checkSourceUrl, type SourcePolicy } from '../recordings/source-policy';
import { type TwilioSecret, twilioBasicAuth } from './credentials';

/** A Twilio recording's own resource URL: …/Accounts/AC…/Recordings/RE… (media and DELETE). */
const RECORDING_PATH = /\/Accounts\/(AC[0-9a-fA-F]{32})\/Recordings\/RE[0-9a-fA-F]{32}$/;

/** The pull and the delete of a Twilio recording, authenticated with the platform's API key. */
export function twilioRecordingSource(deps: {
  platforms: Platforms;
  readSecret: (secretId: string) => Promise<TwilioSecret | undefined>;
  policy: SourcePolicy;
  fetch?: typeof fetch;
}) {
  const secretOf = async (job: FetchJob): Promise<TwilioSecret | undefined> => {
    const entry = findPlatform(deps.platforms, job.source?.platform);
    if (entry?.kind !== 'twilio') return undefined;
    const secret = await deps.readSecret(entry.secretId);
    // The recording must belong to the platform's own account: its key never goes to another.
    const account = RECORDING_PATH.exec(new URL(job.url).pathname)?.[1];
    return secret && account === secret.accountSid ? secret : undefined;
  };
  return {
    /** `Authorization: Basic <API key>` for the GET (sent to the recording's own host only). */
    async headers(job: FetchJob): Promise<Record<string, string> | undefined> {
      const secret = await secretOf(job);
      const authorization = secret && twilioBasicAuth(secret);
      return authorization ? { authorization } : undefined;
    },
    /**
     * `DELETE {RecordingUrl}.json` (https://www.twilio.com/docs/voice/api/recording#delete-a-recording-resource):
     * 204, or 404 (already gone), is done; anything else throws and is retried.
     */
    async delete(job: FetchJob): Promise<void> {
      const secret = await secretOf(job);
      const authorization = secret && twilioBasicAuth(secret);
      if (!authorization) throw new Error('no Twilio API key for this recording in the platform secret');
      const url = checkSourceUrl(`${job.url}.json`, deps.policy, 'recording URL');
      const response = await (deps.fetch ?? fetch)(url, {
        method: 'DELETE',
        headers: { authorization },
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status !== 204 && response.status !== 404) {
        throw new Error(`Twilio answered ${response.status} to the delete`);
      }
    },
  };
}
