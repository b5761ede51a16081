import type { ChatRecord } from './chat-record';
import type { ChatMessage } from './transcript';

export interface StoredChat {
  record: ChatRecord;
  /** Optimistic-concurrency version of the contact's META item. */
  version: number;
}

/** The expiry a chat item carries: epoch seconds, or undefined while the chat is on hold. */
export type ItemExpiry = number | undefined;

/** What happened when a message was offered to the store. */
export type PutMessageResult =
  | { outcome: 'created' }
  /** A message with this sequence number was already stored (it is returned, never overwritten). */
  | { outcome: 'exists'; stored: ChatMessage; expiresAt: ItemExpiry };

/** Port: where chats and their transcripts live. One implementation over DynamoDB (shared/adapters). */
export interface ChatStore {
  /** The stored META record, expired or not (writers need to see it; readers use findLiveChat). */
  getChat(contactId: string): Promise<StoredChat | undefined>;
  /**
   * Write the chat-owned META fields of `record` if the stored version is still `expectedVersion`
   * (undefined = must not exist yet). Returns false when someone else wrote first.
   */
  saveChat(
    record: ChatRecord,
    options: { expectedVersion: number | undefined; subjectKey?: string; now?: Date },
  ): Promise<boolean>;
  /** Store one message unless its sequence number is already taken (first writer wins). */
  putMessage(contactId: string, message: ChatMessage, expiresAt: ItemExpiry): Promise<PutMessageResult>;
  /** Set (or, for undefined, remove) the TTL backstop of one message. */
  setMessageExpiry(contactId: string, seq: number, expiresAt: ItemExpiry): Promise<void>;
  /**
   * Raise the TTL of every message of the chat whose expiry is earlier than `atLeast` (never
   * lowers one, never touches a held message without expiry); returns how many items changed.
   */
  raiseMessageExpiries(contactId: string, atLeast: number): Promise<number>;
  /** The whole transcript in sequence order (or a page of it: messages after `afterSeq`). */
  listMessages(
    contactId: string,
    options?: { afterSeq?: number; limit?: number },
  ): Promise<{ messages: ChatMessage[]; lastSeq?: number; more: boolean }>;
  /** N13: undefined when the chat does not exist or its expiry has passed. */
  findLiveChat(contactId: string, now?: Date): Promise<ChatRecord | undefined>;
}
