import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod/mini';

/** The origin (`scheme://host[:port]`, default port dropped) a credentials key names, or undefined. */
export function originKey(key: string): string | undefined {
  try {
    const url = new URL(key);
    const bare =
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !url.username &&
      !url.password &&
      !key.endsWith('?');
    return bare && /^https?:$/.test(url.protocol) && /^https?:\/\//i.test(key) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `{"https://<host>[:port]": {"authorization": "Bearer ..."}}`: request headers per recording
 * source origin (scheme + host + port, N17). A bare host name, a path or a query in a key is
 * refused: credentials are scoped to one origin, never to a host on any port or scheme.
 */
export const sourceCredentials = z.pipe(
  z.record(z.string(), z.record(z.string(), z.string())).check(
    z.superRefine((all, ctx) => {
      for (const key of Object.keys(all)) {
        if (!originKey(key)) {
          ctx.addIssue({
            code: 'custom',
            message: `credentials key "${key}" must be an origin such as https://recordings.example.com`,
          });
        }
      }
    }),
  ),
  z.transform(
    (all: Record<string, Record<string, string>>) =>
      new Map(Object.entries(all).map(([key, headers]) => [originKey(key) as string, headers])),
  ),
);

/**
 * Optional provider credentials from Secrets Manager (cached 5 minutes). No secret id = no
 * credentials. Headers are sent to their own origin only, never across a redirect to another.
 */
export function recordingSourceCredentials(
  secretId: string,
): (origin: string) => Promise<Record<string, string> | undefined> {
  if (!secretId) return async () => undefined;
  return async (origin) => {
    const all = sourceCredentials.parse(await getSecret(secretId, { maxAge: 300, transform: 'json' }));
    return all.get(origin);
  };
}
