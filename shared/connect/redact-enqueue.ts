import type { LeavingContact, OnContactLeaving } from '../retention/sweep';
import type { ConnectRedactionQueue } from './redact-message';

/**
 * `CONNECT_PROVIDER` of ./ctr.ts, spelled out so the sweep's and the ops API's bundles do not
 * take in the CTR mapping (test/unit/connect/redact.test.ts checks that the two agree).
 */
export const CONNECT = 'amazon-connect';

/**
 * The Connect ContactIds a contact leaving this store still has at Connect: its first contact
 * (the call's or chat's platform id) and every transfer or hand-over leg. None for a contact of
 * any other platform.
 */
export function connectContactIdsOf(contact: LeavingContact): string[] {
  if (contact.provider !== CONNECT) return [];
  return [...new Set(contact.platformIds)];
}

/**
 * The hook the retention sweep and erasure call as a contact leaves (N13, N16): Amazon Connect
 * keeps its own copy of every contact, the customer's number included, for 24 months; this
 * queues the redaction of that number at Connect (functions/connect-redact.ts), never calling
 * Connect inline (its rate limits are low). Throws when the job cannot be queued, so the contact
 * stays and the sweep (or the officer) retries.
 */
export function connectRedactionHook(queue: ConnectRedactionQueue): OnContactLeaving {
  return async (contact) => {
    const contactIds = connectContactIdsOf(contact);
    if (contactIds.length) await queue.enqueue({ contactIds });
  };
}
