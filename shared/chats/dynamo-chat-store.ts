import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  conditionalWrite,
  getMetaRecord,
  pick,
  queryAll,
  readContacts,
  saveContactRecord,
} from '../kernel/dynamo-io';
import { StoreUnavailableError } from '../kernel/errors';
import { isExpired } from '../kernel/expiry';
import { contactPk, MSG_PREFIX, messageSk } from '../kernel/table-keys';
import type { ChatRecord } from './chat-record';
import type { ChatStore, ItemExpiry, PutMessageResult, StoredChat } from './chat-store';
import type { ChatMessage } from './transcript';

/** The attributes of a chat's META item that the chat webhook owns (N4, N6 + technical). */
const CHAT_FIELDS = [
  'kind',
  'contactId',
  'provider',
  'providerChatId',
  'channel',
  'origin',
  'nickname',
  'details',
  'agents',
  'startedAt',
  'endedAt',
  'firstMessageAt',
  'expiresAt',
  'expiresOn',
  'legIds',
] as const satisfies readonly (keyof ChatRecord)[];

const MESSAGE_FIELDS = [
  'seq',
  'role',
  'agentName',
  'text',
  'sentAt',
] as const satisfies readonly (keyof ChatMessage)[];

/** Parallel UpdateItem calls while raising a transcript's expiries. */
const RAISE_CONCURRENCY = 16;

/**
 * Chats in the contacts table: the META item (versioned UpdateItem of chat-owned fields, like
 * calls) and one item per message under the same partition, `MSG#<seq>`, written once with a
 * condition so a sequence number is never overwritten. The table is encrypted with the stack's
 * KMS key (N5).
 */
export class DynamoChatStore implements ChatStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getChat(contactId: string): Promise<StoredChat | undefined> {
    return getMetaRecord(this.client, this.tableName, contactId, 'chat', toChatRecord);
  }

  async findLiveChat(contactId: string, now = new Date()): Promise<ChatRecord | undefined> {
    const stored = await this.getChat(contactId);
    return stored && !isExpired(stored.record, now) ? stored.record : undefined;
  }

  async saveChat(
    record: ChatRecord,
    options: { expectedVersion: number | undefined; subjectKey?: string; now?: Date },
  ): Promise<boolean> {
    return saveContactRecord(this.client, this.tableName, record, CHAT_FIELDS, options);
  }

  async putMessage(
    contactId: string,
    message: ChatMessage,
    expiresAt: ItemExpiry,
  ): Promise<PutMessageResult> {
    const item: Record<string, unknown> = { pk: contactPk(contactId), sk: messageSk(message.seq) };
    for (const field of MESSAGE_FIELDS) if (message[field] !== undefined) item[field] = message[field];
    if (expiresAt !== undefined) item.expiresAt = expiresAt;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { outcome: 'created' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw new StoreUnavailableError('the contacts table could not be written', { cause: error });
      }
      const old = await this.getMessageItem(contactId, message.seq);
      if (!old) throw new StoreUnavailableError('a stored message vanished while being compared; retry');
      return { outcome: 'exists', stored: toMessage(old), expiresAt: numberOrUndefined(old.expiresAt) };
    }
  }

  async setMessageExpiry(contactId: string, seq: number, expiresAt: ItemExpiry): Promise<void> {
    await this.updateExpiry(contactId, messageSk(seq), expiresAt);
  }

  async raiseMessageExpiries(contactId: string, atLeast: number): Promise<number> {
    const stale = (
      await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        FilterExpression: 'expiresAt < :at',
        ExpressionAttributeValues: { ':pk': contactPk(contactId), ':msg': MSG_PREFIX, ':at': atLeast },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      })
    ).map((item) => String(item.sk));

    for (let i = 0; i < stale.length; i += RAISE_CONCURRENCY) {
      await Promise.all(
        stale.slice(i, i + RAISE_CONCURRENCY).map((sk) => this.updateExpiry(contactId, sk, atLeast, true)),
      );
    }
    return stale.length;
  }

  async listMessages(
    contactId: string,
    { afterSeq, limit }: { afterSeq?: number; limit?: number } = {},
  ): Promise<{ messages: ChatMessage[]; lastSeq?: number; more: boolean }> {
    const messages: ChatMessage[] = [];
    // Not the SDK paginator: a page of the transcript stops at `limit`, each request asking only
    // for what is still missing, and resumes after a given sequence number.
    let startKey: Record<string, unknown> | undefined =
      afterSeq === undefined ? undefined : { pk: contactPk(contactId), sk: messageSk(afterSeq) };
    let more = false;
    do {
      const page = await readContacts(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
            ExpressionAttributeValues: { ':pk': contactPk(contactId), ':msg': MSG_PREFIX },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
            ...(limit === undefined ? {} : { Limit: limit - messages.length }),
          }),
        ),
      );
      for (const item of page.Items ?? []) messages.push(toMessage(item));
      startKey = page.LastEvaluatedKey;
      if (limit !== undefined && messages.length >= limit) {
        more = startKey !== undefined;
        break;
      }
    } while (startKey);
    return { messages, lastSeq: messages.at(-1)?.seq, more };
  }

  private async getMessageItem(contactId: string, seq: number) {
    const out = await readContacts(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: contactPk(contactId), sk: messageSk(seq) },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item;
  }

  /**
   * Only touches an existing item (never creates a message out of a bare expiry); with
   * `raiseOnly`, only an item whose expiry is still earlier than `expiresAt`.
   */
  private async updateExpiry(contactId: string, sk: string, expiresAt: ItemExpiry, raiseOnly = false) {
    const expiry =
      expiresAt === undefined
        ? { UpdateExpression: 'REMOVE expiresAt', ConditionExpression: 'attribute_exists(pk)' }
        : {
            UpdateExpression: 'SET expiresAt = :at',
            ConditionExpression: raiseOnly
              ? 'attribute_exists(pk) AND expiresAt < :at'
              : 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': expiresAt },
          };
    // A failed condition means deleted meanwhile (sweep, erasure) or already raised: nothing to do.
    await conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({ TableName: this.tableName, Key: { pk: contactPk(contactId), sk }, ...expiry }),
      ),
    );
  }
}

function toChatRecord(item: Record<string, unknown>): ChatRecord {
  return { ...pick(item, CHAT_FIELDS), ...(item.hold ? { hold: item.hold } : {}) } as unknown as ChatRecord;
}

function toMessage(item: Record<string, unknown>): ChatMessage {
  const message: Record<string, unknown> = {};
  for (const field of MESSAGE_FIELDS) if (item[field] !== undefined) message[field] = item[field];
  message.seq = Number(message.seq);
  return message as unknown as ChatMessage;
}

function numberOrUndefined(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : Number(value);
}
