import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getMetaItem, pick, saveMetaFields } from '../kernel/dynamo-io';
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
    const item = await getMetaItem(this.client, this.tableName, contactId);
    if (item?.kind !== 'call') return undefined;
    return { record: toCallRecord(item), version: Number(item.version ?? 0) };
  }

  async findLiveCall(contactId: string, now = new Date()): Promise<CallRecord | undefined> {
    const stored = await this.getCall(contactId);
    return stored && !isExpired(stored.record, now) ? stored.record : undefined;
  }

  async saveCall(
    record: CallRecord,
    {
      expectedVersion,
      subjectKey,
      now,
    }: { expectedVersion: number | undefined; subjectKey?: string; now?: Date },
  ): Promise<boolean> {
    return saveMetaFields(this.client, this.tableName, record.contactId, {
      fields: pick(record, CALL_FIELDS),
      expectedVersion,
      subjectKey,
      startedAt: record.startedAt,
      expiry: record.hold ? undefined : record,
      now,
    });
  }
}

function toCallRecord(item: Record<string, unknown>): CallRecord {
  return { ...pick(item, CALL_FIELDS), ...(item.hold ? { hold: item.hold } : {}) } as unknown as CallRecord;
}
