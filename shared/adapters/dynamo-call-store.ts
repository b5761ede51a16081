import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallRecord } from '../domain/call-record';
import type { CallStore, StoredCall } from '../domain/call-store';
import { StoreUnavailableError } from '../domain/errors';
import { isExpired } from '../domain/retention';
import { contactPk, expiryPk, META, subjectPk } from './keys';

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
    const item = await this.call(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: contactPk(contactId), sk: META },
          ConsistentRead: true,
        }),
      ),
    ).then((out) => out.Item);
    if (item?.kind !== 'call') return undefined;
    return { record: toCallRecord(item), version: Number(item.version ?? 0) };
  }

  async findLiveCall(contactId: string, now = new Date()): Promise<CallRecord | undefined> {
    const stored = await this.getCall(contactId);
    return stored && !isExpired(stored.record, now) ? stored.record : undefined;
  }

  async saveCall(
    record: CallRecord,
    { expectedVersion, subjectKey }: { expectedVersion: number | undefined; subjectKey?: string },
  ): Promise<boolean> {
    const values: Record<string, unknown> = { ':one': 1 };
    const names: Record<string, string> = { '#version': 'version' };
    const sets: string[] = [];
    const set = (attr: string, value: unknown) => {
      if (value === undefined) return;
      names[`#${attr}`] = attr;
      values[`:${attr}`] = value;
      sets.push(`#${attr} = :${attr}`);
    };
    for (const field of CALL_FIELDS) set(field, record[field]);
    if (subjectKey && record.startedAt) {
      set('gsi1pk', subjectPk(subjectKey));
      set('gsi1sk', record.startedAt);
    }
    if (!record.hold && record.expiresOn && record.expiresAt !== undefined) {
      set('gsi2pk', expiryPk(record.expiresOn));
      set('gsi2sk', record.expiresAt);
    }
    let condition = 'attribute_not_exists(pk)';
    if (expectedVersion !== undefined) {
      condition = '#version = :expected';
      values[':expected'] = expectedVersion;
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: contactPk(record.contactId), sk: META },
          UpdateExpression: `SET ${sets.join(', ')} ADD #version :one`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new StoreUnavailableError('the contacts table could not be written', { cause: error });
    }
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      throw new StoreUnavailableError('the contacts table could not be read', { cause: error });
    }
  }
}

function toCallRecord(item: Record<string, unknown>): CallRecord {
  const record: Record<string, unknown> = {};
  for (const field of CALL_FIELDS) if (item[field] !== undefined) record[field] = item[field];
  if (item.hold) record.hold = item.hold;
  return record as unknown as CallRecord;
}
