import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { IDEMPOTENCY_TABLE_LAYOUT } from '../kernel/table-keys';
import type { CallbackDedupe } from './ports';

/**
 * Dedupe records of native callbacks in the idempotency table, next to the Powertools records
 * (their keys never collide: these start with `twilio-`). The TTL attribute deletes them.
 */
export class DynamoCallbackDedupe implements CallbackDedupe {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async seen(key: string): Promise<boolean> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [IDEMPOTENCY_TABLE_LAYOUT.partitionKey]: key },
        ConsistentRead: true,
      }),
    );
    return out.Item !== undefined;
  }

  async remember(key: string, untilEpochSeconds: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [IDEMPOTENCY_TABLE_LAYOUT.partitionKey]: key,
          [IDEMPOTENCY_TABLE_LAYOUT.ttlAttribute]: untilEpochSeconds,
          status: 'PROCESSED',
        },
      }),
    );
  }
}
