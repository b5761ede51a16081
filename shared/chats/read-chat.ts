import type { ChatRecord } from './chat-record';
import type { ChatStore } from './chat-store';
import type { ChatMessage } from './transcript';

export interface ChatView {
  record: ChatRecord;
  /** The transcript in sequence order (N5). */
  messages: ChatMessage[];
  /** Set when only a page was asked for and more messages follow: pass it as `afterSeq`. */
  nextAfterSeq?: number;
}

/**
 * A live chat's metadata and transcript in order, for the CLI and the ops API. Undefined when
 * the chat does not exist or has expired (N13), even if its items are not yet physically deleted.
 * `limit` reads one page of the transcript (a 2,000-message chat is larger than one API response).
 */
export async function readChat(
  contactId: string,
  deps: { chats: ChatStore; now?: () => Date },
  page: { afterSeq?: number; limit?: number } = {},
): Promise<ChatView | undefined> {
  const now = deps.now?.() ?? new Date();
  const record = await deps.chats.findLiveChat(contactId, now);
  if (!record) return undefined;
  const { messages, lastSeq, more } = await deps.chats.listMessages(contactId, page);
  // The META was live before the transcript was read; check again so a read spanning the expiry serves nothing.
  if (!(await deps.chats.findLiveChat(contactId, deps.now?.() ?? new Date()))) return undefined;
  return { record, messages, ...(more && lastSeq !== undefined ? { nextAfterSeq: lastSeq } : {}) };
}
