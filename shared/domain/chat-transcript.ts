import type { SenderRole } from '../contract/chats';

/**
 * One message of a chat's content (N5), stored as its own item so a conversation of any length
 * stays far below DynamoDB's 400 KB item limit (docs/adr/0003-chat-transcript-storage.md).
 * The text is kept exactly as sent: never trimmed, normalised, logged or put in a key.
 */
export interface ChatMessage {
  /** The platform's sequence number: the transcript's order, and the message's identity. */
  seq: number;
  role: SenderRole;
  /** Set only when `role` is 'agent' (N4). */
  agentName?: string;
  text: string;
  sentAt: string;
}

/** The transcript in conversation order: by sequence number, whatever order messages arrived in. */
export function inSequenceOrder(messages: readonly ChatMessage[]): ChatMessage[] {
  return [...messages].sort((a, b) => a.seq - b.seq);
}

/** Two deliveries of the same (chat, sequence) carry the same message. */
export function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.seq === b.seq &&
    a.role === b.role &&
    (a.agentName ?? null) === (b.agentName ?? null) &&
    a.text === b.text &&
    a.sentAt === b.sentAt
  );
}
