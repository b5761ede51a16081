import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, getMetaItem, queryAll } from '../kernel/dynamo-io';
import { contactPk, EXPIRY_INDEX_ATTRIBUTES, expiryIndex, HOLDS_PK, META } from '../kernel/table-keys';
import { DynamoRetentionStore } from '../retention/dynamo-retention-store';
import type { ItemExpiry } from '../retention/sweep';
import type { Hold, HoldStore, HoldSummary, MetaSnapshot } from './hold';

/**
 * META updates for holds (versioned, `ADD version :one`) and the holds register, under the
 * contacts-table error rules of kernel/dynamo-io (through DynamoRetentionStore).
 */
export class DynamoHoldStore extends DynamoRetentionStore implements HoldStore {
  async getMeta(contactId: string): Promise<MetaSnapshot | undefined> {
    const item = await getMetaItem(this.client, this.tableName, contactId);
    return item ? { item, version: Number(item.version ?? 0) } : undefined;
  }

  /** The expiry index attributes are written here, from `expiry`: the domain never names them. */
  async updateMeta(
    contactId: string,
    expectedVersion: number,
    change: { set: Record<string, unknown>; remove: string[]; expiry?: ItemExpiry },
  ): Promise<boolean> {
    const set = { ...change.set };
    const remove = [...change.remove];
    if (change.expiry === null) {
      remove.push('expiresAt', 'expiresOn', ...EXPIRY_INDEX_ATTRIBUTES);
    } else if (change.expiry) {
      const { expiresAt, expiresOn, indexDay } = change.expiry;
      Object.assign(set, { expiresAt, expiresOn }, expiryIndex(indexDay, expiresAt));
    }
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':one': 1, ':expected': expectedVersion };
    const sets = Object.entries(set).map(([attr, value], i) => {
      names[`#s${i}`] = attr;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    const removes = remove.map((attr, i) => {
      names[`#r${i}`] = attr;
      return `#r${i}`;
    });
    const expression = [
      sets.length ? `SET ${sets.join(', ')}` : '',
      removes.length ? `REMOVE ${removes.join(', ')}` : '',
      'ADD #version :one',
    ]
      .filter(Boolean)
      .join(' ');
    return conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: contactPk(contactId), sk: META },
          UpdateExpression: expression,
          ConditionExpression:
            expectedVersion === 0
              ? 'attribute_exists(pk) AND (attribute_not_exists(#version) OR #version = :expected)'
              : 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async putHoldMarker(contactId: string, hold: Hold): Promise<void> {
    await this.write(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: HOLDS_PK,
            sk: contactId,
            contactId,
            reason: hold.reason,
            since: hold.since,
            by: hold.by,
          },
        }),
      ),
    );
  }

  async deleteHoldMarker(contactId: string): Promise<void> {
    await this.write(() =>
      this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk: HOLDS_PK, sk: contactId } }),
      ),
    );
  }

  async listHolds(): Promise<HoldSummary[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': HOLDS_PK },
    });
    return items.map((item) => ({
      contactId: String(item.contactId),
      reason: String(item.reason),
      since: String(item.since),
      by: String(item.by),
    }));
  }
}
