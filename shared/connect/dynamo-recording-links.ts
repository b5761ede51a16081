import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { readContacts, writeContacts } from '../kernel/dynamo-io';
import { connectRecordingLinkKey } from '../kernel/table-keys';
import type { RecordingLinks } from './recording-links';
import { objectKeyHash } from './recording-location';

/** Recording links in the contacts table: `CONNECTREC#<hash>` / `LINK`, TTL `expiresAt`. */
export class DynamoRecordingLinks implements RecordingLinks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async link(objectKey: string, contactId: string, expiresAt: number): Promise<void> {
    await writeContacts(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...connectRecordingLinkKey(objectKeyHash(objectKey)), contactId, expiresAt },
        }),
      ),
    );
  }

  async contactOf(objectKey: string): Promise<string | undefined> {
    const out = await readContacts(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: connectRecordingLinkKey(objectKeyHash(objectKey)),
          // The CTR's link may have been written a moment ago: read it, not a stale copy.
          ConsistentRead: true,
        }),
      ),
    );
    const contactId = out.Item?.contactId;
    return typeof contactId === 'string' ? contactId : undefined;
  }
}
