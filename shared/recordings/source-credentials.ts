import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';

/** `{"<host>": {"authorization": "Bearer ..."}}`: request headers per recording source host. */
const sourceCredentials = z.record(z.string(), z.record(z.string(), z.string()));

/**
 * Optional provider credentials from Secrets Manager (cached 5 minutes). No secret id = no
 * credentials. Headers are sent to their own host only, never across a redirect to another.
 */
export function recordingSourceCredentials(
  secretId: string,
): (host: string) => Promise<Record<string, string> | undefined> {
  if (!secretId) return async () => undefined;
  return async (host) => {
    const all = sourceCredentials.parse(await getSecret(secretId, { maxAge: 300, transform: 'json' }));
    return all[host];
  };
}
