import { callEvent } from '../../../shared/calls/contract';
import { parseOrThrow } from '../../../shared/kernel/parse';

const started = {
  type: 'call.started',
  timestamp: '2026-01-31T10:00:01Z',
  data: {
    provider: 'acme-cc',
    callId: 'CA-123',
    direction: 'inbound',
    from: '+358401234567',
    to: '+358968298003',
    startedAt: '2026-01-31T12:00:00+02:00',
  },
};

describe('call webhook contract', () => {
  it('N15: drops every field the notice does not list, at any depth', () => {
    const parsed = parseOrThrow(
      callEvent,
      {
        ...started,
        customerSsn: '010101-123A',
        data: {
          ...started.data,
          callerName: 'Matti Meikäläinen',
          customerSsn: '010101-123A',
          notes: 'angry',
        },
      },
      'event',
    );
    expect(parsed).toEqual({
      type: 'call.started',
      timestamp: '2026-01-31T10:00:01.000Z',
      data: {
        provider: 'acme-cc',
        callId: 'CA-123',
        direction: 'inbound',
        from: '+358401234567',
        to: '+358968298003',
        startedAt: '2026-01-31T10:00:00.000Z',
      },
    });
  });

  it('normalises times with offsets to UTC', () => {
    const parsed = parseOrThrow(callEvent, started, 'event');
    expect(parsed.type === 'call.started' && parsed.data.startedAt).toBe('2026-01-31T10:00:00.000Z');
  });

  it('accepts a withheld caller as null', () => {
    const parsed = parseOrThrow(callEvent, { ...started, data: { ...started.data, from: null } }, 'event');
    expect(parsed.type === 'call.started' && parsed.data.from).toBeNull();
  });

  it('rejects an unknown event type and lists the known ones', () => {
    expect(() => parseOrThrow(callEvent, { ...started, type: 'call.transferred' }, 'event')).toThrow(
      'event is invalid: type: unknown event type; expected one of call.started, call.answered, call.ended',
    );
  });

  it('rejects bad fields with one message per field', () => {
    try {
      parseOrThrow(
        callEvent,
        { type: 'call.started', data: { ...started.data, direction: 'sideways', startedAt: 'noon' } },
        'event',
      );
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect((error as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
        'data.direction',
        'data.startedAt',
      ]);
      expect((error as Error).message).toContain('data.direction: must be "inbound" or "outbound"');
      expect((error as Error).message).toContain(
        'data.startedAt: must be an ISO-8601 date-time with an offset',
      );
    }
  });

  it('rejects a call id with spaces or personal-looking content', () => {
    expect(() =>
      parseOrThrow(
        callEvent,
        { ...started, data: { ...started.data, callId: 'Matti M 0401234567' } },
        'event',
      ),
    ).toThrow('data.callId: may contain only letters, digits and . _ : @ -');
  });
});
