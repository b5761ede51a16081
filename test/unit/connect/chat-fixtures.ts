import { INBOUND_VOICE_CTR } from './ctr-fixtures';

/**
 * Amazon Connect chat fixtures, values made up.
 *
 * The transcript follows the file Connect writes to S3 for the CHAT_TRANSCRIPTS storage config:
 * `Version` "2019-08-26", `AWSAccountId`, `InstanceId`, `InitialContactId`, `ContactId`,
 * `Participants`, and `Transcript` items with the fields of the Participant Service's `Item`:
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-participant_Item.html
 * (AbsoluteTime yyyy-MM-ddThh:mm:ss.SSSZ, Content, ContentType, Id, Type MESSAGE | EVENT |
 * ATTACHMENT | MESSAGE_METADATA, ParticipantId, DisplayName, ParticipantRole AGENT | CUSTOMER |
 * SYSTEM | CUSTOM_BOT | SUPERVISOR), and the event content types listed in
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-participant_GetTranscript.html
 *
 * The chat CTR follows "Contact records data model":
 * https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
 * (Channel CHAT, InitiationMethod API for a chat started by StartChatContact, TRANSFER for a leg
 * after a transfer, InitialContactId and PreviousContactId naming the earlier legs).
 */

/** A nickname, names and texts a test can look for where they must never be (N15, N17). */
export const NICKNAME = 'Kissa_Kaunis';
export const AGENT_NAME = 'Maija M.';
export const SECOND_AGENT_NAME = 'Pekka P.';
/** Byte-for-byte: combining marks, an emoji (a surrogate pair), markdown, trailing spaces. */
export const CUSTOMER_TEXT = 'Hei! Lainani erääntyy 🙂 — voinko siirtää sitä?  ';
export const AGENT_TEXT = 'Hei, **autan mielelläni**.\nKerrotko lainanumeron?';
export const BOT_TEXT = 'Tervetuloa chattiin! Yhdistän sinut asiakaspalveluun.';

const at = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();

export interface TranscriptOptions {
  contactId: string;
  initialContactId?: string;
  start: Date;
  agentName?: string;
  /** Items as [seconds after start, role, text] for MESSAGE items; events are added around them. */
  messages?: [number, 'CUSTOMER' | 'AGENT' | 'SYSTEM', string][];
}

/** One leg's transcript as Connect writes it, with events, a typing indicator and an attachment. */
export function chatTranscript(options: TranscriptOptions) {
  const { contactId, start } = options;
  const agentName = options.agentName ?? AGENT_NAME;
  const messages = options.messages ?? [
    [1, 'SYSTEM', BOT_TEXT],
    [5, 'CUSTOMER', CUSTOMER_TEXT],
    [20, 'AGENT', AGENT_TEXT],
  ];
  const participant = { CUSTOMER: 'p-customer-1', AGENT: 'p-agent-1', SYSTEM: 'p-system' } as const;
  const name = { CUSTOMER: NICKNAME, AGENT: agentName, SYSTEM: 'SYSTEM_MESSAGE' } as const;
  const last = Math.max(...messages.map(([s]) => s), 0);
  return {
    Version: '2019-08-26',
    AWSAccountId: '111122223333',
    InstanceId: '0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
    InitialContactId: options.initialContactId ?? contactId,
    ContactId: contactId,
    Participants: [{ ParticipantId: participant.CUSTOMER }, { ParticipantId: participant.AGENT }],
    Transcript: [
      {
        AbsoluteTime: at(start, 0),
        ContentType: 'application/vnd.amazonaws.connect.event.participant.joined',
        Id: `${contactId}-joined-c`,
        Type: 'EVENT',
        ParticipantId: participant.CUSTOMER,
        DisplayName: NICKNAME,
        ParticipantRole: 'CUSTOMER',
      },
      ...messages.map(([seconds, role, text], index) => ({
        AbsoluteTime: at(start, seconds),
        Content: text,
        ContentType: role === 'AGENT' && text.includes('**') ? 'text/markdown' : 'text/plain',
        Id: `${contactId}-m${index}`,
        Type: 'MESSAGE',
        ParticipantId: participant[role],
        DisplayName: name[role],
        ParticipantRole: role,
      })),
      {
        AbsoluteTime: at(start, 2),
        ContentType: 'application/vnd.amazonaws.connect.event.typing',
        Id: `${contactId}-typing`,
        Type: 'EVENT',
        ParticipantId: participant.CUSTOMER,
        DisplayName: NICKNAME,
        ParticipantRole: 'CUSTOMER',
      },
      {
        AbsoluteTime: at(start, 3),
        ContentType: 'application/pdf',
        Id: `${contactId}-attachment`,
        Type: 'ATTACHMENT',
        ParticipantId: participant.CUSTOMER,
        DisplayName: NICKNAME,
        ParticipantRole: 'CUSTOMER',
        Attachments: [
          {
            AttachmentId: 'att-1',
            AttachmentName: 'palkkatodistus.pdf',
            ContentType: 'application/pdf',
            Status: 'APPROVED',
          },
        ],
      },
      {
        AbsoluteTime: at(start, last + 1),
        ContentType: 'application/vnd.amazonaws.connect.event.chat.ended',
        Id: `${contactId}-ended`,
        Type: 'EVENT',
      },
    ],
  };
}

/** A chat CTR: no phone endpoints, everything else Connect adds that the notice does not list. */
export function chatCtr(options: {
  contactId: string;
  initialContactId?: string;
  previousContactId?: string;
  start: Date;
  end?: Date;
}) {
  return {
    ...INBOUND_VOICE_CTR,
    Channel: 'CHAT',
    ContactId: options.contactId,
    InitialContactId: options.initialContactId ?? null,
    PreviousContactId: options.previousContactId ?? null,
    InitiationMethod: options.previousContactId ? 'TRANSFER' : 'API',
    InitiationTimestamp: options.start.toISOString(),
    ConnectedToSystemTimestamp: options.start.toISOString(),
    DisconnectTimestamp: options.end ? options.end.toISOString() : null,
    LastUpdateTimestamp: (options.end ?? options.start).toISOString(),
    CustomerEndpoint: null,
    SystemEndpoint: null,
    Recording: null,
    Attributes: { customerName: 'Matti Virtanen', loanNumber: 'L-12345' },
    ChatMetrics: { ChatContactMetrics: { MultiParty: false, TotalMessages: 3 } },
  };
}
