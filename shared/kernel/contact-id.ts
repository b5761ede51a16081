import { createHash } from 'node:crypto';

export type ContactKind = 'call' | 'chat';

/**
 * A contact's id is derived from the platform's own id, so every event about the same call
 * or chat lands on the same record whatever order the events arrive in. It carries no
 * personal data and is safe in keys and S3 paths.
 */
export function contactIdFor(kind: ContactKind, provider: string, externalId: string): string {
  const digest = createHash('sha256').update(`${kind}\u0000${provider}\u0000${externalId}`).digest('hex');
  return `${kind}-${digest.slice(0, 32)}`;
}

const CONTACT_ID = /^(call|chat)-[0-9a-f]{32}$/;

export function isContactId(value: string): boolean {
  return CONTACT_ID.test(value);
}
