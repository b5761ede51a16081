import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../kernel/dynamo-io';
import { BY_SUBJECT_INDEX, contactIdOfPk, contactPk, META, subjectPk } from '../kernel/table-keys';
import { DynamoRetentionStore } from '../retention/dynamo-retention-store';
import type { SubjectContact, SubjectStore } from './subject';

/** Subject lookups through the `bySubject` index (pseudonymous keys only) and erasure. */
export class DynamoSubjectStore extends DynamoRetentionStore implements SubjectStore {
  async findContacts(subjectKey: string, from?: string, to?: string): Promise<SubjectContact[]> {
    const values: Record<string, unknown> = { ':pk': subjectPk(subjectKey) };
    let condition = 'gsi1pk = :pk';
    if (from && to) {
      condition += ' AND gsi1sk BETWEEN :from AND :to';
      Object.assign(values, { ':from': from, ':to': to });
    } else if (from) {
      condition += ' AND gsi1sk >= :from';
      values[':from'] = from;
    } else if (to) {
      condition += ' AND gsi1sk <= :to';
      values[':to'] = to;
    }
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BY_SUBJECT_INDEX,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
    });
    const byId = new Map<string, SubjectContact>();
    for (const item of items) {
      const contactId = contactIdOfPk(String(item.pk));
      if (contactId === undefined || item.sk !== META) continue;
      byId.set(contactId, {
        contactId,
        kind: String(item.kind ?? 'unknown'),
        startedAt: item.startedAt as string | undefined,
        endedAt: item.endedAt as string | undefined,
        expiresAt: typeof item.expiresAt === 'number' ? item.expiresAt : undefined,
        ...(item.hold ? { hold: item.hold as SubjectContact['hold'] } : {}),
        ...(Array.isArray(item.identifications)
          ? {
              identifications: (item.identifications as Record<string, string>[]).map((i) => ({
                method: String(i.method),
                identifiedAt: String(i.identifiedAt),
                result: String(i.result),
              })),
            }
          : {}),
      });
    }
    return [...byId.values()];
  }

  contactRecords(contactId: string): Promise<Record<string, unknown>[]> {
    return this.partition(contactPk(contactId));
  }

  subjectRecords(subjectKey: string): Promise<Record<string, unknown>[]> {
    return this.partition(subjectPk(subjectKey));
  }

  /** Every item of one partition, as stored (strongly consistent). */
  private partition(pk: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
  }

  async deleteSubjectRecords(subjectKey: string, keep: string[]): Promise<number> {
    const doomed = (await this.subjectRecords(subjectKey)).filter((i) => !keep.includes(String(i.sk)));
    let deleted = 0;
    for (const item of doomed) {
      await this.write(() =>
        this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk: item.pk, sk: item.sk },
          }),
        ),
      );
      deleted++;
    }
    return deleted;
  }
}
