import type { CallRecord } from './call-record';
import type { CallStore } from './call-store';
import { isContactId } from './contact-id';
import { NotFoundError, ValidationError } from './errors';

/** What an authorised reader sees of a contact (N7). Expired contacts are never returned (N13). */
export type ContactView = CallView;

export interface CallView {
  kind: 'call';
  contactId: string;
  direction?: 'inbound' | 'outbound';
  customerNumber?: string;
  customerWithheld?: boolean;
  serviceNumber?: string;
  startedAt?: string;
  answeredAt?: string;
  endedAt?: string;
  /** ISO time after which the contact is gone; absent while on hold. */
  expiresAt?: string;
  hold?: CallRecord['hold'];
}

export interface ReadContactDeps {
  calls: CallStore;
  now?: () => Date;
}

/** Look up one live contact by id; NotFoundError when unknown or expired. */
export async function readContact(contactId: string, deps: ReadContactDeps): Promise<ContactView> {
  if (!isContactId(contactId)) {
    throw new ValidationError(`"${contactId}" is not a contact id; ids look like call-<32 hex digits>`, [
      { path: 'id', message: 'not a contact id' },
    ]);
  }
  const now = deps.now?.() ?? new Date();
  if (contactId.startsWith('call-')) {
    const call = await deps.calls.findLiveCall(contactId, now);
    if (call) return callView(call);
  }
  throw new NotFoundError(`contact ${contactId}`);
}

function callView(record: CallRecord): CallView {
  return {
    kind: 'call',
    contactId: record.contactId,
    direction: record.direction,
    customerNumber: record.customerNumber,
    customerWithheld: record.customerWithheld,
    serviceNumber: record.serviceNumber,
    startedAt: record.startedAt,
    answeredAt: record.answeredAt,
    endedAt: record.endedAt,
    expiresAt: record.expiresAt === undefined ? undefined : new Date(record.expiresAt * 1000).toISOString(),
    hold: record.hold,
  };
}
