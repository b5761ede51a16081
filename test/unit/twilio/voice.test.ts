import { ValidationError } from '../../../shared/kernel/errors';
import { authorRole } from '../../../shared/twilio/conversations';
import { readVoiceCallback, voiceCallEvent } from '../../../shared/twilio/voice';

const SID = `CA${'a'.repeat(32)}`;
const at = 'Mon, 30 Nov 2026 08:00:00 +0000';
const callback = (extra: Record<string, string>) => ({
  AccountSid: `AC${'0'.repeat(32)}`,
  CallSid: SID,
  Direction: 'inbound',
  From: '+358401234567',
  To: '+358968298003',
  Timestamp: at,
  ...extra,
});
const event = (extra: Record<string, string>) =>
  voiceCallEvent('twilio-fi', readVoiceCallback(callback(extra)), 'FI');

describe('Twilio Voice status mapping', () => {
  it.each([
    ['queued', 'call.started'],
    ['initiated', 'call.started'],
    ['ringing', 'call.started'],
    ['in-progress', 'call.answered'],
    ['completed', 'call.ended'],
    ['busy', 'call.ended'],
    ['no-answer', 'call.ended'],
    ['failed', 'call.ended'],
    ['canceled', 'call.ended'],
  ])('N2: %s is a %s', (status, type) => {
    expect(event({ CallStatus: status })?.type).toBe(type);
  });

  it('N2: answer = in-progress Timestamp; end = final status Timestamp; never answered when busy/no-answer/failed/canceled', () => {
    expect(event({ CallStatus: 'in-progress' })).toMatchObject({ answeredAt: '2026-11-30T08:00:00.000Z' });
    expect(event({ CallStatus: 'completed', CallDuration: '60' })).toMatchObject({
      endedAt: '2026-11-30T08:00:00.000Z',
      answeredAt: '2026-11-30T07:59:00.000Z',
      startedAt: '2026-11-30T07:59:00.000Z',
    });
    for (const status of ['busy', 'no-answer', 'failed', 'canceled']) {
      expect(event({ CallStatus: status, CallDuration: '0' })?.answeredAt).toBeUndefined();
    }
  });

  it.each([
    ['inbound', 'inbound'],
    ['outbound-api', 'outbound'],
    ['outbound-dial', 'outbound'],
  ])('N3: Direction %s is %s', (direction, expected) => {
    expect(event({ CallStatus: 'ringing', Direction: direction })?.direction).toBe(expected);
  });

  it('refuses an unknown status or direction with a 400 naming the field, never the value', () => {
    const bad = () =>
      readVoiceCallback(callback({ CallStatus: 'exploded', Direction: 'trunking-originating' }));
    expect(bad).toThrow(ValidationError);
    try {
      bad();
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['CallStatus', 'Direction']);
      expect(JSON.stringify(error)).not.toContain('401234567');
    }
  });

  it('N1: a child leg (ParentCallSid) adds nothing to the customer contact', () => {
    expect(event({ CallStatus: 'in-progress', ParentCallSid: `CA${'b'.repeat(32)}` })).toBeUndefined();
  });
});

describe('Twilio Conversations author roles (N4)', () => {
  const entry = { agentIdentities: ['agent:*', 'aino@example.fi'], botIdentities: ['bot'] };
  it.each([
    ['agent:Aino Agentti', { role: 'agent', agentName: 'Aino Agentti' }],
    ['aino@example.fi', { role: 'agent', agentName: 'aino@example.fi' }],
    ['bot', { role: 'bot' }],
    ['+358401234567', { role: 'customer' }],
    ['agentish', { role: 'customer' }],
  ])('%s is %j', (author, expected) => {
    expect(authorRole(entry, author)).toEqual(expected);
  });

  it('defaults to agent:* agents and bot / bot:* bots when the platform configures none', () => {
    expect(authorRole({}, 'agent:Eero')).toEqual({ role: 'agent', agentName: 'Eero' });
    expect(authorRole({}, 'bot:faq')).toEqual({ role: 'bot' });
  });
});
