import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallRecord } from '../calls/call-record';
import { conditionalWrite, readContacts } from '../kernel/dynamo-io';
import { contactPk, META } from '../kernel/table-keys';
import type {
  RecordingContact,
  RecordingProblem,
  RecordingStore,
  SourceDeleteStatus,
  StoredRecording,
} from './recording';

/**
 * The recording fields of a contact's META item: `recording` (key, size, sha256, format,
 * duration, bounds) and `recordingProblem` (why one was refused or deleted). Each write is one
 * UpdateItem that sets only these attributes and does `ADD version :one`, so the call
 * webhook's versioned read-merge-write never clobbers them, nor they its fields.
 */
export class DynamoRecordingStore implements RecordingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getContact(contactId: string): Promise<RecordingContact | undefined> {
    const { Item: item } = await readContacts(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: contactPk(contactId), sk: META },
          ConsistentRead: true,
          ProjectionExpression:
            '#kind, contactId, answeredAt, endedAt, startedAt, expiresAt, #hold, #recording, #problem, #sourceDelete, #sourceBounds',
          ExpressionAttributeNames: {
            '#kind': 'kind',
            '#hold': 'hold',
            '#recording': 'recording',
            '#problem': 'recordingProblem',
            '#sourceDelete': 'sourceDelete',
            '#sourceBounds': 'recordingSourceBounds',
          },
        }),
      ),
    );
    if (item?.kind !== 'call') return undefined;
    const { recording, recordingProblem, sourceDelete, recordingSourceBounds, ...call } = item;
    return {
      call: call as unknown as CallRecord,
      ...(recordingSourceBounds
        ? { sourceBounds: recordingSourceBounds as { startsAt: string; endsAt: string } }
        : {}),
      ...(sourceDelete ? { sourceDelete: sourceDelete as SourceDeleteStatus } : {}),
      ...(recording ? { recording: recording as StoredRecording } : {}),
      ...(recordingProblem ? { recordingProblem: recordingProblem as RecordingProblem } : {}),
    };
  }

  async saveRecording(
    contactId: string,
    recording: StoredRecording,
    now: Date,
    held: boolean,
  ): Promise<boolean> {
    return this.update(contactId, {
      UpdateExpression: 'SET #recording = :recording REMOVE #problem ADD #version :one',
      // N13: never attach a recording to a contact that has expired meanwhile; N9: the key must
      // match the hold state (held objects live under holds/), so a hold placed or released
      // meanwhile makes the caller look again. Never sets an expiry.
      ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(#expiresAt) OR #expiresAt > :now) AND ${
        held ? 'attribute_exists(#hold)' : 'attribute_not_exists(#hold)'
      }`,
      ExpressionAttributeNames: {
        '#recording': 'recording',
        '#problem': 'recordingProblem',
        '#version': 'version',
        '#expiresAt': 'expiresAt',
        '#hold': 'hold',
      },
      ExpressionAttributeValues: {
        ':recording': recording,
        ':one': 1,
        ':now': Math.floor(now.getTime() / 1000),
      },
    });
  }

  async flagProblem(contactId: string, problem: RecordingProblem): Promise<void> {
    await this.setField(contactId, 'recordingProblem', problem);
  }

  async markSourceDelete(contactId: string, status: SourceDeleteStatus): Promise<void> {
    await this.setField(contactId, 'sourceDelete', status);
  }

  async saveSourceBounds(contactId: string, bounds: { startsAt: string; endsAt: string }): Promise<void> {
    await this.setField(contactId, 'recordingSourceBounds', bounds);
  }

  /** Set one recording-owned attribute of an existing contact (a deleted one stays deleted). */
  private async setField(
    contactId: string,
    field: 'recordingProblem' | 'sourceDelete' | 'recordingSourceBounds',
    value: unknown,
  ): Promise<void> {
    await this.update(contactId, {
      UpdateExpression: 'SET #field = :value ADD #version :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#field': field, '#version': 'version' },
      ExpressionAttributeValues: { ':value': value, ':one': 1 },
    });
  }

  private async update(
    contactId: string,
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
  ): Promise<boolean> {
    return conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: contactPk(contactId), sk: META },
          ...input,
        }),
      ),
    );
  }
}
