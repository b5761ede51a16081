import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditLog } from './audit';
import { StoreUnavailableError } from './errors';
import { expiryFrom } from './expiry';
import {
  auditOfIndex,
  auditOfPk,
  auditPk,
  auditSk,
  BY_SUBJECT_INDEX,
  withoutIndexAttributes,
} from './table-keys';

/**
 * Audit entries: `AUDIT#<yyyy-mm-dd>` / `<ts>#<id>`, kept `retentionMonths` (TTL `expiresAt`, not
 * on the expiry index: the sweep leaves them alone). Single-contact entries are also listed
 * under `AUDITOF#<contactId>` on the `bySubject` index.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionMonths = 24,
  ) {}

  async write(entry: AuditEntry): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: auditPk(entry.at.slice(0, 10)),
            sk: auditSk(entry.at, entry.id),
            ...entry,
            ...(entry.contactId ? auditOfIndex(entry.contactId, entry.at) : {}),
            expiresAt: expiryFrom(entry.at, this.retentionMonths).expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      throw new StoreUnavailableError('the audit trail could not be written', { cause: error });
    }
  }

  listDay(day: string): Promise<AuditEntry[]> {
    return this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': auditPk(day) },
    });
  }

  listContact(contactId: string): Promise<AuditEntry[]> {
    return this.query({
      IndexName: BY_SUBJECT_INDEX,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': auditOfPk(contactId) },
    });
  }

  private async query(input: {
    IndexName?: string;
    KeyConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
  }): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    const now = Math.floor(Date.now() / 1000);
    try {
      for await (const page of paginateQuery(
        { client: this.client },
        { TableName: this.tableName, ...input },
      )) {
        for (const item of page.Items ?? []) {
          if (typeof item.expiresAt === 'number' && item.expiresAt <= now) continue;
          const { pk: _pk, sk: _sk, expiresAt: _e, ...entry } = withoutIndexAttributes(item);
          entries.push(entry as unknown as AuditEntry);
        }
      }
    } catch (error) {
      throw new StoreUnavailableError('the audit trail could not be read', { cause: error });
    }
    return entries;
  }
}
