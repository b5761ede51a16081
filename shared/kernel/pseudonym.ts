import { createHmac } from 'node:crypto';

/**
 * A person's pseudonymous key (N17): HMAC-SHA256 of their E.164 number (or normalised
 * nickname) with a secret pepper. Lets us find and erase a subject's records without
 * storing the number in any key. Without the pepper the key cannot be reversed by
 * enumerating the (small) space of phone numbers.
 */
export function subjectKey(identifier: string, pepper: string): string {
  if (pepper.length < 16) throw new RangeError('the pseudonym pepper must be at least 16 characters');
  return createHmac('sha256', pepper).update(identifier, 'utf8').digest('base64url');
}
