import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../kernel/errors';
import { contactPk, EXPIRY_INDEX_ATTRIBUTES, expiryIndex, HOLDS_PK, META } from '../kernel/table-keys';
import { DynamoRetentionStore } from '../retention/dynamo-retention-store';
import type { ItemExpiry } from '../retention/sweep';
import type { Hold, HoldStore, HoldSummary, MetaSnapshot } from './hold';

/** META updates for holds (versioned, `ADD version :one`) and the holds register. */
export class DynamoHoldStore extends DynamoRetentionStore implements HoldStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    super(doc, table);
  }

  async getMeta(contactId: string): Promise<MetaSnapshot | undefined> {
    const out = await this.guard('read', () =>
      this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: contactPk(contactId), sk: META },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? { item: out.Item, version: Number(out.Item.version ?? 0) } : undefined;
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
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: contactPk(contactId), sk: META },
          UpdateExpression: expression,
          ConditionExpression:
            expectedVersion === 0
              ? 'attribute_exists(pk) AND (attribute_not_exists(#version) OR #version = :expected)'
              : 'attribute_exists(pk) AND #version = :expected',
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

  async putHoldMarker(contactId: string, hold: Hold): Promise<void> {
    await this.guard('write', () =>
      this.doc.send(
        new PutCommand({
          TableName: this.table,
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
    await this.guard('write', () =>
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: HOLDS_PK, sk: contactId } })),
    );
  }

  async listHolds(): Promise<HoldSummary[]> {
    const holds: HoldSummary[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const out = await this.guard('read', () =>
        this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': HOLDS_PK },
            ExclusiveStartKey: cursor,
          }),
        ),
      );
      for (const item of out.Items ?? []) {
        holds.push({
          contactId: String(item.contactId),
          reason: String(item.reason),
          since: String(item.since),
          by: String(item.by),
        });
      }
      cursor = out.LastEvaluatedKey;
    } while (cursor);
    return holds;
  }

  private async guard<T>(kind: 'read' | 'write', op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      throw new StoreUnavailableError(
        `the contacts table could not be ${kind === 'read' ? 'read' : 'written'}`,
        {
          cause: error,
        },
      );
    }
  }
}
