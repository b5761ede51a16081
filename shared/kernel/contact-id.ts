import { createHash } from 'node:crypto';
import { ValidationError } from './errors';

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

/** A 400 naming the path's `id` unless it is a well-formed contact id. */
export function checkContactId(contactId: string): void {
  if (!isContactId(contactId)) {
    throw new ValidationError(`"${contactId}" is not a contact id; ids look like call-<32 hex digits>`, [
      { path: 'id', message: 'not a contact id' },
    ]);
  }
}
