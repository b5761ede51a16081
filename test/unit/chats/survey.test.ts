import type { CallRecord } from '../../../shared/calls/call-record';
import { applyChatEvent, type ChatFacts, type ChatRecord } from '../../../shared/chats/chat-record';
import { surveyEligibility } from '../../../shared/surveys/eligibility';
import { DEFAULT_SURVEY_POLICY } from '../../../shared/surveys/policy';

const base = { contactId: 'chat-0123456789abcdef0123456789abcdef', provider: 'acme', chatId: 'ch1' };
const endedAt = new Date(Date.now() - 10 * 60_000).toISOString();
/** A finished chat whose customer even typed a Finnish mobile number as their nickname. */
const chat = [
  {
    ...base,
    type: 'chat.started',
    channel: 'web-chat',
    origin: 'own-site',
    startedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    nickname: '+358401234567',
  },
  {
    ...base,
    type: 'chat.message',
    sentAt: new Date(Date.now() - 20 * 60_000).toISOString(),
    agentName: 'Aino',
  },
  { ...base, type: 'chat.ended', endedAt },
].reduce<ChatRecord | undefined>((r, e) => applyChatEvent(r, e as ChatFacts, 12), undefined) as ChatRecord;

describe('N10: chat users never get an SMS survey', () => {
  it('N10: a chat record has no customer number and is not a call', () => {
    expect(chat.kind).toBe('chat');
    expect(chat).not.toHaveProperty('customerNumber');
    expect(chat).not.toHaveProperty('direction');
    expect(chat).not.toHaveProperty('answeredAt');
  });

  it('N10: is not survey-eligible even if it reached the eligibility check, with the most permissive policy', () => {
    const permissive = { ...DEFAULT_SURVEY_POLICY, samplingRate: 1, cooldownDays: 0, maxAgeHours: 10_000 };

    const result = surveyEligibility(
      chat as unknown as CallRecord,
      { optedOut: false },
      permissive,
      new Date(),
    );

    expect(result).toEqual({ eligible: false, reason: expect.any(String) });
  });
});
