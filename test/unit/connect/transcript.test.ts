import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { MalformedTranscriptError, parseChatTranscript } from '../../../shared/connect/transcript';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { AGENT_NAME, AGENT_TEXT, BOT_TEXT, CUSTOMER_TEXT, chatTranscript, NICKNAME } from './chat-fixtures';

const FIRST_LEG = '1a2b3c4d-5e6f-4a70-8b9c-0d1e2f3a4b5c';
const SECOND_LEG = '2b3c4d5e-6f70-4a81-9cad-1e2f3a4b5c6d';
const start = new Date('2026-11-02T10:00:00.000Z');
const parse = (file: unknown) => parseChatTranscript(JSON.stringify(file));

/** The problems a malformed transcript is refused with. */
function problemsOf(body: string): string[] {
  try {
    parseChatTranscript(body);
  } catch (error) {
    if (error instanceof MalformedTranscriptError) return error.problems;
    throw error;
  }
  throw new Error('expected a MalformedTranscriptError');
}

describe('parseChatTranscript (Amazon Connect chat transcript -> chat)', () => {
  it('N4, N5: text messages in time order with roles, the agent name and the nickname, byte for byte', () => {
    // Act
    const chat = parse(chatTranscript({ contactId: FIRST_LEG, start }));

    // Assess
    expect(chat).toEqual({
      chatId: FIRST_LEG,
      contactId: contactIdFor('chat', CONNECT_PROVIDER, FIRST_LEG),
      firstAt: '2026-11-02T10:00:00.000Z',
      lastAt: '2026-11-02T10:00:21.000Z',
      nickname: NICKNAME,
      messages: [
        { role: 'bot', text: BOT_TEXT, sentAt: '2026-11-02T10:00:01.000Z' },
        {
          role: 'customer',
          text: CUSTOMER_TEXT,
          sentAt: '2026-11-02T10:00:05.000Z',
        },
        {
          role: 'agent',
          agentName: AGENT_NAME,
          text: AGENT_TEXT,
          sentAt: '2026-11-02T10:00:20.000Z',
        },
      ],
    });
  });

  it('N15: events, typing, attachments, participant, account and instance ids are not kept', () => {
    const text = JSON.stringify(parse(chatTranscript({ contactId: FIRST_LEG, start })));
    for (const dropped of [
      'p-customer-1',
      'p-agent-1',
      '111122223333',
      '0f3d1c2b',
      'palkkatodistus',
      'typing',
      'SYSTEM_MESSAGE',
    ]) {
      expect(text).not.toContain(dropped);
    }
  });

  it('a later leg of a hand-over belongs to the first leg (InitialContactId)', () => {
    const chat = parse(chatTranscript({ contactId: SECOND_LEG, initialContactId: FIRST_LEG, start }));
    expect(chat.chatId).toBe(FIRST_LEG);
    expect(chat.contactId).toBe(contactIdFor('chat', CONNECT_PROVIDER, FIRST_LEG));
  });

  it('orders by AbsoluteTime whatever order the items are in; SUPERVISOR is staff, CUSTOM_BOT the bot', () => {
    // Prepare
    const file = chatTranscript({ contactId: FIRST_LEG, start });
    const supervisor = { ...file.Transcript[3], ParticipantRole: 'SUPERVISOR', DisplayName: 'Sari S.' };
    const bot = {
      ...file.Transcript[1],
      ParticipantRole: 'CUSTOM_BOT',
      AbsoluteTime: '2026-11-02T10:00:30.000Z',
    };
    const reversed = { ...file, Transcript: [bot, supervisor, ...file.Transcript].reverse() };

    // Act
    const chat = parse(reversed);

    // Assess
    expect(chat.messages.map((m) => [m.role, m.agentName])).toEqual([
      ['bot', undefined],
      ['customer', undefined],
      ['agent', AGENT_NAME],
      ['agent', 'Sari S.'],
      ['bot', undefined],
    ]);
  });

  it('rejects an object that is not JSON', () => {
    expect(problemsOf('{"Transcript": [')).toEqual(['the object is not JSON']);
  });

  it('rejects a transcript without a ContactId, naming the field', () => {
    const { ContactId: _, ...file } = chatTranscript({ contactId: FIRST_LEG, start });
    expect(problemsOf(JSON.stringify(file))).toEqual(['ContactId: invalid_type']);
  });

  it('rejects a message of an unknown role and a staff message without a name, without repeating any text (N17)', () => {
    // Prepare
    const file = chatTranscript({ contactId: FIRST_LEG, start });
    const [, bot, customer, agent] = file.Transcript;
    const items = [{ ...customer, ParticipantRole: 'MANAGER' }, { ...agent, DisplayName: undefined }, bot];
    const body = JSON.stringify({ ...file, Transcript: items });

    // Act
    const problems = problemsOf(body);

    // Assess
    expect(problems).toEqual([
      'Transcript.0.ParticipantRole: "MANAGER" is not one of CUSTOMER, AGENT, SUPERVISOR, SYSTEM, CUSTOM_BOT',
      'Transcript.1.DisplayName: missing for a staff message (N4 records the name)',
    ]);
    expect(JSON.stringify(problems)).not.toContain(CUSTOMER_TEXT.slice(0, 10));
  });

  it('rejects text that could not be stored byte for byte (an unpaired surrogate)', () => {
    const file = chatTranscript({
      contactId: FIRST_LEG,
      start,
      messages: [[5, 'CUSTOMER', 'broken \ud83d']],
    });
    expect(problemsOf(JSON.stringify(file))).toEqual([
      'Transcript.1.Content: contains an unpaired UTF-16 surrogate',
    ]);
  });
});
