import { contactTraceRecord } from '../../../shared/connect/contract';
import { CONNECT_PROVIDER, ctrToCallEvent, newestPerContact } from '../../../shared/connect/ctr';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import {
  INBOUND_VOICE_CTR,
  OUTBOUND_VOICE_CTR,
  TRANSFER_LEG_CTR,
  UNANSWERED_VOICE_CTR,
} from './ctr-fixtures';

// Fixtures: AWS "Contact records data model", https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
const parse = (ctr: unknown) => contactTraceRecord.parse(ctr);
const map = (ctr: unknown) => ctrToCallEvent(parse(ctr), 'FI');

describe('Connect CTR contract (N15)', () => {
  it('keeps only the listed fields: attributes, queue, agent identity and recording details but the location are dropped', () => {
    const ctr = parse(INBOUND_VOICE_CTR);
    expect(ctr).toEqual({
      ContactId: INBOUND_VOICE_CTR.ContactId,
      InitialContactId: null,
      PreviousContactId: null,
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      InitiationTimestamp: '2026-03-02T08:00:00.000Z',
      ConnectedToSystemTimestamp: '2026-03-02T08:00:05.000Z',
      DisconnectTimestamp: '2026-03-02T08:05:30.000Z',
      LastUpdateTimestamp: '2026-03-02T08:06:45.000Z',
      CustomerEndpoint: { Address: '+358401234567' },
      SystemEndpoint: { Address: '+358201234567' },
      Agent: { ConnectedToAgentTimestamp: '2026-03-02T08:01:10.000Z' },
      Recording: { Location: INBOUND_VOICE_CTR.Recording.Location },
    });
    const text = JSON.stringify(ctr);
    for (const dropped of ['Matti', 'L-12345', 'maija', 'Loans', 'Helsinki', 'AVAILABLE', 'AUDIO']) {
      expect(text).not.toContain(dropped);
    }
  });

  it.each([
    ['no ContactId', { ...INBOUND_VOICE_CTR, ContactId: undefined }],
    ['a ContactId that is not a Connect id', { ...INBOUND_VOICE_CTR, ContactId: 'abc' }],
    ['an unknown channel', { ...INBOUND_VOICE_CTR, Channel: 'FAX' }],
    ['no LastUpdateTimestamp', { ...INBOUND_VOICE_CTR, LastUpdateTimestamp: undefined }],
    ['a timestamp that is not ISO-8601', { ...INBOUND_VOICE_CTR, InitiationTimestamp: 'yesterday' }],
  ])('refuses a CTR with %s', (_what, ctr) => {
    expect(contactTraceRecord.safeParse(ctr).success).toBe(false);
  });
});

describe('a voice CTR as a call (N1-N3)', () => {
  it('inbound: the customer called the service number; start, answer (connected to system), end', () => {
    expect(map(INBOUND_VOICE_CTR)).toEqual({
      kind: 'call',
      event: {
        type: 'call.ended',
        contactId: contactIdFor('call', CONNECT_PROVIDER, INBOUND_VOICE_CTR.ContactId),
        provider: CONNECT_PROVIDER,
        callId: INBOUND_VOICE_CTR.ContactId,
        direction: 'inbound',
        from: { kind: 'number', e164: '+358401234567' },
        to: { kind: 'number', e164: '+358201234567' },
        startedAt: '2026-03-02T08:00:00.000Z',
        answeredAt: '2026-03-02T08:00:05.000Z',
        endedAt: '2026-03-02T08:05:30.000Z',
        // Newest wins across deliveries (shared/calls/call-record.ts).
        sourceUpdatedAt: '2026-03-02T08:06:45.000Z',
      },
    });
  });

  it('outbound: the service number called the customer', () => {
    const mapped = map(OUTBOUND_VOICE_CTR);
    expect(mapped.kind === 'call' && mapped.event).toMatchObject({
      direction: 'outbound',
      from: { kind: 'number', e164: '+358201234567' },
      to: { kind: 'number', e164: '+358401234567' },
      answeredAt: '2026-03-02T09:00:12.000Z',
    });
  });

  it.each([
    ['CALLBACK', 'outbound'],
    ['API', 'outbound'],
  ])('%s is %s', (method, direction) => {
    const mapped = map({ ...INBOUND_VOICE_CTR, InitiationMethod: method });
    expect(mapped.kind === 'call' && mapped.event.direction).toBe(direction);
  });

  it('N2: without ConnectedToSystemTimestamp the answer is Agent.ConnectedToAgentTimestamp', () => {
    const mapped = map({ ...INBOUND_VOICE_CTR, ConnectedToSystemTimestamp: null });
    expect(mapped.kind === 'call' && mapped.event.answeredAt).toBe('2026-03-02T08:01:10.000Z');
  });

  it('an unanswered call has no answer time', () => {
    const mapped = map(UNANSWERED_VOICE_CTR);
    expect(mapped.kind === 'call' && mapped.event).toMatchObject({
      type: 'call.ended',
      answeredAt: undefined,
      endedAt: '2026-03-02T10:00:20.000Z',
    });
  });

  it('a caller with no CustomerEndpoint address withheld their number', () => {
    const mapped = map({ ...INBOUND_VOICE_CTR, CustomerEndpoint: { Type: 'TELEPHONE_NUMBER' } });
    expect(mapped.kind === 'call' && mapped.event.from).toEqual({ kind: 'withheld' });
  });

  it('a service number that is not a number is refused, without repeating it', () => {
    expect(() => map({ ...INBOUND_VOICE_CTR, SystemEndpoint: { Address: '+35820123' } })).toThrow(
      /SystemEndpoint\.Address/,
    );
  });

  it("N1: a transfer leg adds only its end to its initial contact's call", () => {
    expect(map(TRANSFER_LEG_CTR)).toEqual({
      kind: 'call',
      event: {
        type: 'call.ended',
        contactId: contactIdFor('call', CONNECT_PROVIDER, INBOUND_VOICE_CTR.ContactId),
        provider: CONNECT_PROVIDER,
        callId: INBOUND_VOICE_CTR.ContactId,
        legEndedAt: '2026-03-02T08:12:00.000Z',
        legId: TRANSFER_LEG_CTR.ContactId,
      },
    });
    const queued = map({ ...TRANSFER_LEG_CTR, InitiationMethod: 'QUEUE_TRANSFER', InitialContactId: null });
    expect(queued.kind === 'call' && queued.event.callId).toBe(INBOUND_VOICE_CTR.ContactId);
  });

  it('a transfer leg still in progress adds nothing yet', () => {
    expect(map({ ...TRANSFER_LEG_CTR, DisconnectTimestamp: null })).toEqual({
      kind: 'skipped',
      reason: 'not-a-customer-contact',
    });
  });

  it('skips other channels, and legs with no contact to fold into or that are not a customer contact', () => {
    expect(map({ ...INBOUND_VOICE_CTR, Channel: 'CHAT' })).toEqual({ kind: 'skipped', reason: 'not-voice' });
    for (const method of ['TRANSFER', 'QUEUE_TRANSFER', 'MONITOR', 'DISCONNECT']) {
      expect(map({ ...INBOUND_VOICE_CTR, InitiationMethod: method })).toEqual({
        kind: 'skipped',
        reason: 'not-a-customer-contact',
      });
    }
  });
});

describe('dedupe on ContactId: the newest LastUpdateTimestamp wins', () => {
  const older = parse(INBOUND_VOICE_CTR);
  const newer = parse({ ...INBOUND_VOICE_CTR, LastUpdateTimestamp: '2026-03-02T09:30:00Z' });
  const other = parse(OUTBOUND_VOICE_CTR);
  const same = (ctr: typeof older) => ctr;

  it('keeps the newest update whatever the order, and every other contact', () => {
    expect(newestPerContact([older, other, newer], same)).toEqual([other, newer]);
    expect(newestPerContact([newer, other, older], same)).toEqual([newer, other]);
  });

  it('keeps one of exact duplicates', () => {
    const duplicate = parse(INBOUND_VOICE_CTR);
    const kept = newestPerContact([older, duplicate], same);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toBe(older);
  });
});
