import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, readContacts, writeContacts } from '../kernel/dynamo-io';
import type { ErasureRequest, ErasureRequestStore } from './erasure-request';

/** `ERASURE#<id>` / `STATE`, kept 30 days by TTL (`expiresAt`; not on the expiry index). */
export const erasureKey = (erasureId: string) => ({ pk: `ERASURE#${erasureId}`, sk: 'STATE' });

/** Four-eyes erasure requests in the contacts table; a decision is a conditional update. */
export class DynamoErasureRequests implements ErasureRequestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(request: ErasureRequest): Promise<void> {
    await writeContacts(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...erasureKey(request.erasureId), ...request },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(erasureId: string): Promise<ErasureRequest | undefined> {
    const out = await readContacts(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: erasureKey(erasureId), ConsistentRead: true }),
      ),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...request } = out.Item;
    return request as ErasureRequest;
  }

  async decide(
    erasureId: string,
    status: 'approved' | 'cancelled',
    by: string,
    at: string,
  ): Promise<boolean> {
    return conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: erasureKey(erasureId),
          UpdateExpression: 'SET #status = :to, decidedBy = :by, decidedAt = :at',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': status, ':by': by, ':at': at, ':pending': 'pending' },
        }),
      ),
    );
  }
}
