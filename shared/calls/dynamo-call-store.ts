import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getMetaRecord, pick, saveContactRecord } from '../kernel/dynamo-io';
import { isExpired } from '../kernel/expiry';
import type { CallRecord } from './call-record';
import type { CallStore, StoredCall } from './call-store';

/** The attributes of a contact's META item that the call webhook owns. */
const CALL_FIELDS = [
  'kind',
  'contactId',
  'provider',
  'providerCallId',
  'direction',
  'customerNumber',
  'customerWithheld',
  'serviceNumber',
  'startedAt',
  'answeredAt',
  'endedAt',
  'identifications',
  'expiresAt',
  'expiresOn',
  'sourceUpdatedAt',
  'lastLegEndedAt',
  'legIds',
] as const satisfies readonly (keyof CallRecord)[];

/**
 * Calls in the contacts table. Writes are UpdateItem calls that set only call-owned fields,
 * guarded by the item's `version`, so fields other writers own (recording, survey, hold)
 * are never overwritten. Every writer of a META item must `ADD version :one`.
 */
export class DynamoCallStore implements CallStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getCall(contactId: string): Promise<StoredCall | undefined> {
    return getMetaRecord(this.client, this.tableName, contactId, 'call', toCallRecord);
  }

  async findLiveCall(contactId: string, now = new Date()): Promise<CallRecord | undefined> {
    const stored = await this.getCall(contactId);
    return stored && !isExpired(stored.record, now) ? stored.record : undefined;
  }

  async saveCall(
    record: CallRecord,
    options: { expectedVersion: number | undefined; subjectKey?: string; now?: Date },
  ): Promise<boolean> {
    return saveContactRecord(this.client, this.tableName, record, CALL_FIELDS, options);
  }
}

function toCallRecord(item: Record<string, unknown>): CallRecord {
  return { ...pick(item, CALL_FIELDS), ...(item.hold ? { hold: item.hold } : {}) } as unknown as CallRecord;
}
