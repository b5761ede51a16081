import * as z from 'zod/mini';
import { MAX_TEXT_BYTES, type SenderRole } from '../chats/contract';
import { contactIdFor } from '../kernel/contact-id';
import { instant } from '../kernel/contract';
import { CONNECT_PREFIX } from '../kernel/object-keys';
import { connectContactId } from './contract';
import { CONNECT_PROVIDER } from './ctr';

/**
 * An Amazon Connect chat transcript as Connect writes it to S3 (CHAT_TRANSCRIPTS storage config):
 * `{ Version: "2019-08-26", AWSAccountId, InstanceId, InitialContactId, ContactId, Participants,
 * Transcript: [Item…] }`. Each item has the fields of the Participant Service's `Item`:
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-participant_Item.html
 * (AbsoluteTime, Content, ContentType, Id, Type, ParticipantId, DisplayName, ParticipantRole),
 * and the event content types of
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-participant_GetTranscript.html
 *
 * Only what the notice lists gets past this file (N15): the chat's ids and times, the customer's
 * display name (N4: the nickname they gave), the names of the people who wrote, and the text of
 * the messages (N5). Account and instance ids, participant ids, attachments, receipts and events
 * are stripped here and never logged.
 */

/** Where Connect writes chat transcripts in our bucket (infra/constructs/connect.ts). */
export const CHAT_TRANSCRIPTS_PREFIX = `${CONNECT_PREFIX}chat-transcripts/`;

/** A transcript is a few hundred KB at most; anything far larger is not one. */
export const TRANSCRIPT_MAX_BYTES = 16 * 1024 * 1024;

/** The message content types that are text a person or bot wrote. */
const TEXT_CONTENT_TYPES = new Set(['text/plain', 'text/markdown']);

/**
 * N4/N6: who wrote. CUSTOMER is the customer; AGENT and SUPERVISOR (a supervisor who barges in)
 * are customer-service staff, named; SYSTEM (flow and Lex bot messages) and CUSTOM_BOT are the bot.
 */
const ROLES: Readonly<Record<string, SenderRole>> = {
  CUSTOMER: 'customer',
  AGENT: 'agent',
  SUPERVISOR: 'agent',
  SYSTEM: 'bot',
  CUSTOM_BOT: 'bot',
};

const item = z.object({
  Id: z.nullish(z.string().check(z.maxLength(256))),
  Type: z.string().check(z.minLength(1), z.maxLength(64)),
  ParticipantRole: z.nullish(z.string().check(z.maxLength(64))),
  DisplayName: z.nullish(z.string()),
  AbsoluteTime: instant,
  ContentType: z.nullish(z.string().check(z.maxLength(256))),
  Content: z.nullish(z.string()),
});

export const chatTranscriptFile = z.object({
  ContactId: connectContactId,
  InitialContactId: z.nullish(connectContactId),
  Transcript: z.array(item).check(z.maxLength(100_000)),
});

type TranscriptItem = z.output<typeof item>;

/** One message of a Connect chat, as this system stores it. */
export interface ConnectMessage {
  role: SenderRole;
  /** Set only for staff (N4). */
  agentName?: string;
  text: string;
  sentAt: string;
}

/** What one transcript says about its chat. */
export interface ConnectTranscriptChat {
  /** The chat all legs belong to: `InitialContactId ?? ContactId` (docs/platforms/amazon-connect.md). */
  chatId: string;
  contactId: string;
  /** The first and last item's time (any item, events included): the CTR's times win when known. */
  firstAt?: string;
  lastAt?: string;
  /** N4: the customer's display name, the name they gave when the chat started. */
  nickname?: string;
  /** In conversation order: AbsoluteTime, then Connect's item id. */
  messages: ConnectMessage[];
}

/** A transcript object that cannot be read: the problems say where, never what (N17). */
export class MalformedTranscriptError extends Error {
  constructor(readonly problems: string[]) {
    super(`not an Amazon Connect chat transcript: ${problems.join('; ')}`);
    this.name = 'MalformedTranscriptError';
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MAX_NAME_BYTES = 200;

/** Parse a transcript file's text; throws MalformedTranscriptError naming paths and kinds of problem only. */
export function parseChatTranscript(body: string): ConnectTranscriptChat {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedTranscriptError(['the object is not JSON']);
  }
  const parsed = chatTranscriptFile.safeParse(json);
  if (!parsed.success) {
    throw new MalformedTranscriptError(
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`),
    );
  }
  return transcriptToChat(parsed.data);
}

/**
 * The transcript's chat: its id (the first leg's contact id, so every leg of a hand-over is one
 * chat), the customer's nickname, and its text messages in conversation order. Events (joined,
 * left, typing, transfer, ended), receipts, attachments and non-text content are not messages.
 */
export function transcriptToChat(file: z.output<typeof chatTranscriptFile>): ConnectTranscriptChat {
  const chatId = file.InitialContactId ?? file.ContactId;
  const items = file.Transcript.map((entry, index) => ({ entry, index })).sort(
    (a, b) =>
      a.entry.AbsoluteTime.localeCompare(b.entry.AbsoluteTime) ||
      (a.entry.Id ?? '').localeCompare(b.entry.Id ?? '') ||
      a.index - b.index,
  );
  const problems: string[] = [];
  const messages: ConnectMessage[] = [];
  let nickname: string | undefined;
  for (const { entry, index } of items) {
    const at = `Transcript.${index}`;
    if (entry.ParticipantRole === 'CUSTOMER' && nickname === undefined && entry.DisplayName?.trim()) {
      const problem = textProblem(entry.DisplayName, MAX_NAME_BYTES);
      if (problem) problems.push(`${at}.DisplayName: ${problem}`);
      else nickname = entry.DisplayName;
    }
    const message = toMessage(entry, at, problems);
    if (message) messages.push(message);
  }
  if (problems.length > 0) throw new MalformedTranscriptError(problems);
  return {
    chatId,
    contactId: contactIdFor('chat', CONNECT_PROVIDER, chatId),
    firstAt: items[0]?.entry.AbsoluteTime,
    lastAt: items.at(-1)?.entry.AbsoluteTime,
    ...(nickname === undefined ? {} : { nickname }),
    messages,
  };
}

function toMessage(entry: TranscriptItem, at: string, problems: string[]): ConnectMessage | undefined {
  if (entry.Type !== 'MESSAGE' || !TEXT_CONTENT_TYPES.has(entry.ContentType ?? '')) return undefined;
  const text = entry.Content;
  if (!text) return undefined;
  const role = ROLES[entry.ParticipantRole ?? ''];
  if (!role) {
    const shown = /^[A-Z_]{1,32}$/.test(entry.ParticipantRole ?? '')
      ? `"${entry.ParticipantRole}"`
      : 'a value';
    problems.push(`${at}.ParticipantRole: ${shown} is not one of ${Object.keys(ROLES).join(', ')}`);
    return undefined;
  }
  const textIssue = textProblem(text, MAX_TEXT_BYTES);
  if (textIssue) problems.push(`${at}.Content: ${textIssue}`);
  const message: ConnectMessage = { role, text, sentAt: entry.AbsoluteTime };
  if (role === 'agent') {
    const name = entry.DisplayName;
    if (!name?.trim()) problems.push(`${at}.DisplayName: missing for a staff message (N4 records the name)`);
    else {
      const nameIssue = textProblem(name, MAX_NAME_BYTES);
      if (nameIssue) problems.push(`${at}.DisplayName: ${nameIssue}`);
      message.agentName = name;
    }
  }
  return message;
}

/** The chat contract's rules for text kept byte for byte (shared/chats/contract.ts). */
function textProblem(value: string, maxBytes: number): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate';
  if (Buffer.byteLength(value, 'utf8') > maxBytes) return `is longer than ${maxBytes} bytes of UTF-8`;
  return undefined;
}
