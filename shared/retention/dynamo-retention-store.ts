import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { queryAll, readContacts, writeContacts } from '../kernel/dynamo-io';
import { StoreUnavailableError } from '../kernel/errors';
import { expiryFrom } from '../kernel/expiry';
import {
  BY_EXPIRY_INDEX,
  contactIdOfPk,
  contactPk,
  expiryDayOfPk,
  expiryPk,
  META,
  receiptPk,
  receiptSk,
  SWEEP_STATE_KEY,
} from '../kernel/table-keys';
import type { ContactItem, ItemExpiry, RetentionStore, SweepReceipt } from './sweep';

/**
 * The contacts table as the retention sweep, holds and erasure use it: contact items by
 * contact partition, due contacts through the `byExpiry` index (never a Scan), receipts under
 * `RECEIPT#<day>`. Receipts carry contact ids and counts only.
 */
export class DynamoRetentionStore implements RetentionStore {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
    private readonly receiptRetentionMonths = 24,
  ) {}

  async dueOn(day: string, nowEpoch: number, limit: number, cursor?: Record<string, unknown>) {
    const out = await this.read(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: BY_EXPIRY_INDEX,
          KeyConditionExpression: 'gsi2pk = :day AND gsi2sk <= :now',
          ExpressionAttributeValues: { ':day': expiryPk(day), ':now': nowEpoch },
          ProjectionExpression: 'pk',
          Limit: limit,
          ExclusiveStartKey: cursor,
        }),
      ),
    );
    const contactIds = (out.Items ?? [])
      .map((item) => contactIdOfPk(String(item.pk)))
      .filter((contactId) => contactId !== undefined);
    return { contactIds, cursor: out.LastEvaluatedKey };
  }

  async contactItems(contactId: string): Promise<ContactItem[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': contactPk(contactId) },
      ExpressionAttributeNames: { '#hold': 'hold', '#provider': 'provider' },
      ProjectionExpression:
        'sk, expiresAt, gsi2pk, #hold, sentAt, #provider, providerCallId, providerChatId, legIds',
      ConsistentRead: true,
    });
    return items.map((item) => ({
      sk: String(item.sk),
      expiresAt: typeof item.expiresAt === 'number' ? item.expiresAt : undefined,
      expiryDay: expiryDayOfPk(item.gsi2pk),
      ...(item.sk === META ? { held: item.hold !== undefined && item.hold !== null } : {}),
      ...(typeof item.sentAt === 'string' ? { sentAt: item.sentAt } : {}),
      ...(item.sk === META ? platformOf(item) : {}),
    }));
  }

  async deleteItems(contactId: string, items: ContactItem[], nowEpoch: number): Promise<number> {
    // A hold placed meanwhile wins: a held contact is never deleted (N9).
    return this.removeItems(contactId, items, {
      ConditionExpression:
        'attribute_not_exists(#hold) AND (attribute_not_exists(expiresAt) OR expiresAt <= :now)',
      ExpressionAttributeNames: { '#hold': 'hold' },
      ExpressionAttributeValues: { ':now': nowEpoch },
    });
  }

  /** Erasure (N16): every item whatever its expiry, but never a held META (N9). */
  async eraseItems(contactId: string, items: ContactItem[]): Promise<number> {
    return this.removeItems(contactId, items, {
      ConditionExpression: 'attribute_not_exists(#hold)',
      ExpressionAttributeNames: { '#hold': 'hold' },
    });
  }

  private async removeItems(
    contactId: string,
    items: ContactItem[],
    metaCondition: {
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<number> {
    const pk = contactPk(contactId);
    const others = items.filter((i) => i.sk !== META);
    let deleted = 0;
    for (let i = 0; i < others.length; i += 25) {
      const chunk = others.slice(i, i + 25);
      let requests: Record<string, unknown>[] = chunk.map((item) => ({
        DeleteRequest: { Key: { pk, sk: item.sk } },
      }));
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 8) throw new StoreUnavailableError('the contacts table kept throttling deletes');
        if (attempt) await sleep(50 * 2 ** attempt);
        const out = await this.write(() =>
          this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } })),
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
      }
      deleted += chunk.length;
    }
    if (items.some((i) => i.sk === META)) {
      try {
        await this.write(() =>
          this.client.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: { pk, sk: META },
              ...metaCondition,
            }),
          ),
        );
        deleted++;
      } catch (error) {
        if (
          !(error instanceof StoreUnavailableError && error.cause instanceof ConditionalCheckFailedException)
        )
          throw error;
      }
    }
    return deleted;
  }

  async setItemsExpiry(contactId: string, items: ContactItem[], expiry: ItemExpiry): Promise<void> {
    for (const item of items) {
      if (item.sk === META) continue;
      const update =
        expiry === null
          ? {
              UpdateExpression: 'REMOVE expiresAt, expiresOn, gsi2pk, gsi2sk',
              ExpressionAttributeValues: undefined,
            }
          : item.expiryDay !== undefined
            ? {
                UpdateExpression: 'SET expiresAt = :at, gsi2pk = :day, gsi2sk = :at',
                ExpressionAttributeValues: { ':at': expiry.expiresAt, ':day': expiryPk(expiry.indexDay) },
              }
            : {
                UpdateExpression: 'SET expiresAt = :at',
                ExpressionAttributeValues: { ':at': expiry.expiresAt },
              };
      try {
        await this.write(() =>
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: contactPk(contactId), sk: item.sk },
              ConditionExpression: 'attribute_exists(pk)',
              ...update,
            }),
          ),
        );
      } catch (error) {
        // Deleted meanwhile (e.g. by TTL): nothing to change.
        if (
          !(error instanceof StoreUnavailableError && error.cause instanceof ConditionalCheckFailedException)
        )
          throw error;
      }
    }
  }

  async clearedThrough(): Promise<string | undefined> {
    const out = await this.read(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: SWEEP_STATE_KEY, ConsistentRead: true }),
      ),
    );
    return typeof out.Item?.clearedThrough === 'string' ? out.Item.clearedThrough : undefined;
  }

  async saveClearedThrough(day: string): Promise<void> {
    await this.write(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SWEEP_STATE_KEY,
          UpdateExpression: 'SET clearedThrough = :day, updatedAt = :at',
          ExpressionAttributeValues: { ':day': day, ':at': new Date().toISOString() },
        }),
      ),
    );
  }

  async writeReceipt(receipt: SweepReceipt): Promise<void> {
    const day = receipt.at.slice(0, 10);
    const { expiresAt } = expiryFrom(receipt.at, this.receiptRetentionMonths);
    await this.write(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: receiptPk(day),
            sk: receiptSk(receipt.at, receipt.kind, randomUUID().slice(0, 8)),
            ...receipt,
            expiresAt,
          },
        }),
      ),
    );
  }

  /** Receipts written on `day` (UTC), oldest first. */
  async listReceipts(day: string): Promise<SweepReceipt[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': receiptPk(day) },
    });
    return items.map(({ pk: _pk, sk: _sk, expiresAt: _e, ...receipt }) => receipt as unknown as SweepReceipt);
  }

  /** Subclasses (holds, subjects) share the contacts-table error rules. */
  protected read<T>(op: () => Promise<T>): Promise<T> {
    return readContacts(op);
  }

  protected write<T>(op: () => Promise<T>): Promise<T> {
    return writeContacts(op);
  }
}

/** The META's platform and the platform's ids for the contact (its own, then its legs'). */
function platformOf(item: Record<string, unknown>): Pick<ContactItem, 'platform'> {
  const own = item.providerCallId ?? item.providerChatId;
  if (typeof item.provider !== 'string' || typeof own !== 'string') return {};
  const legs = Array.isArray(item.legIds) ? item.legIds.filter((id) => typeof id === 'string') : [];
  return { platform: { provider: item.provider, platformIds: [own, ...legs] } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
