import type { NormalisedCallEvent } from '../calls/call-record';
import { contactIdFor } from '../kernel/contact-id';
import { ValidationError } from '../kernel/errors';
import { normalisePhone, type PhoneNumber } from '../kernel/phone';
import { field, type TwilioParams } from './signature';

/**
 * Twilio Programmable Voice status callbacks
 * (https://www.twilio.com/docs/voice/api/call-resource#statuscallback) mapped onto the call.
 * The only fields read are TWILIO_VOICE_FIELDS; every other form field (CallerName, FromCity,
 * FromZip, ToCity, CallToken, StirVerstat, ForwardedFrom, …) is dropped here and never logged (N15).
 */
export const TWILIO_VOICE_FIELDS = [
  'AccountSid',
  'CallSid',
  'ParentCallSid',
  'CallStatus',
  'Direction',
  'From',
  'To',
  'Timestamp',
  'CallDuration',
  'SequenceNumber',
] as const;

const STARTED = new Set(['queued', 'initiated', 'ringing']);
const ANSWERED = 'in-progress';
const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
export const TWILIO_CALL_STATUSES = [...STARTED, ANSWERED, ...FINAL];

const DIRECTIONS: Record<string, 'inbound' | 'outbound'> = {
  inbound: 'inbound',
  'outbound-api': 'outbound',
  'outbound-dial': 'outbound',
};

/** Twilio's stand-ins for a withheld caller ID (besides "anonymous"). */
const TWILIO_WITHHELD = new Set(['+266696687', '+7378742833', '+2562533', '+86282452253']);

export interface VoiceCallback {
  callSid: string;
  parentCallSid?: string;
  status: string;
  /** Twilio's `Timestamp` (RFC 2822) as ISO-8601 UTC. */
  at: string;
  direction?: 'inbound' | 'outbound';
  from?: string;
  to?: string;
  durationSeconds?: number;
  sequenceNumber?: string;
}

const SID = /^CA[0-9a-fA-F]{32}$/;

/** Read the fields we use; every problem in one 400 that names fields, never values. */
export function readVoiceCallback(params: TwilioParams): VoiceCallback {
  const issues: { path: string; message: string }[] = [];
  const callSid = field(params, 'CallSid') ?? '';
  if (!SID.test(callSid))
    issues.push({ path: 'CallSid', message: 'must be a Twilio call SID (CA + 32 hex)' });
  const parentCallSid = field(params, 'ParentCallSid') || undefined;
  if (parentCallSid !== undefined && !SID.test(parentCallSid)) {
    issues.push({ path: 'ParentCallSid', message: 'must be a Twilio call SID (CA + 32 hex)' });
  }
  const status = field(params, 'CallStatus') ?? '';
  if (!TWILIO_CALL_STATUSES.includes(status)) {
    issues.push({ path: 'CallStatus', message: `must be one of ${TWILIO_CALL_STATUSES.join(', ')}` });
  }
  const time = Date.parse(field(params, 'Timestamp') ?? '');
  if (Number.isNaN(time)) issues.push({ path: 'Timestamp', message: 'must be an RFC 2822 date-time' });
  const rawDirection = field(params, 'Direction');
  const direction = rawDirection === undefined ? undefined : DIRECTIONS[rawDirection];
  if (rawDirection !== undefined && direction === undefined) {
    issues.push({ path: 'Direction', message: `must be one of ${Object.keys(DIRECTIONS).join(', ')}` });
  }
  const duration = field(params, 'CallDuration');
  const durationSeconds = duration === undefined || duration === '' ? undefined : Number(duration);
  if (durationSeconds !== undefined && !(Number.isInteger(durationSeconds) && durationSeconds >= 0)) {
    issues.push({ path: 'CallDuration', message: 'must be a whole number of seconds' });
  }
  if (issues.length) throw new ValidationError('the Twilio status callback is not valid', issues);
  return {
    callSid,
    parentCallSid,
    status,
    at: new Date(time).toISOString(),
    direction,
    from: field(params, 'From'),
    to: field(params, 'To'),
    durationSeconds,
    sequenceNumber: field(params, 'SequenceNumber'),
  };
}

/** The customer contact a leg belongs to: the root call (ADR 0007, docs/platforms/twilio.md). */
export function rootCallSid(callback: { callSid: string; parentCallSid?: string }): string {
  return callback.parentCallSid ?? callback.callSid;
}

/** The dedupe key of one callback (Twilio signs no timestamp, so a captured request replays forever). */
export function voiceDedupeKey(platform: string, callback: VoiceCallback): string {
  return `twilio-voice#${platform}#${callback.callSid}#${callback.sequenceNumber ?? callback.status}`;
}

/**
 * One status callback as a call event, or `undefined` for a child leg. The customer contact is the
 * root (parent) call: its `Direction`, `From` and `To` give the direction and the numbers (N1, N3).
 * A child leg (`ParentCallSid` set: the `<Dial>`ed agent, a transfer) adds nothing: its numbers
 * are the agent side, never stored, and the customer's timeline is the parent's.
 *
 * Times (N2): start = the earliest time seen (`initiated`/`ringing`, or a final status minus
 * `CallDuration`); answer = the `Timestamp` of `in-progress` (or, failing that, a `completed`
 * minus `CallDuration`); end = the `Timestamp` of the final status. Earliest wins, so callbacks
 * converge in any order.
 */
export function voiceCallEvent(
  platform: string,
  callback: VoiceCallback,
  defaultCountry: string,
): NormalisedCallEvent | undefined {
  if (callback.parentCallSid) return undefined;
  const { status, at, direction } = callback;
  const minus = (seconds: number | undefined) =>
    seconds === undefined ? at : new Date(Date.parse(at) - seconds * 1000).toISOString();
  const final = FINAL.has(status);
  const answeredAt =
    status === ANSWERED
      ? at
      : status === 'completed' && callback.durationSeconds
        ? minus(callback.durationSeconds)
        : undefined;
  const startedAt = final ? minus(callback.durationSeconds) : at;
  const phone = (raw: string | undefined, customerSide: boolean, name: string): PhoneNumber | undefined => {
    if (raw === undefined || /^(client|sip):/i.test(raw)) return undefined;
    if (customerSide && TWILIO_WITHHELD.has(raw.trim())) return { kind: 'withheld' };
    return normalisePhone(raw, name, { defaultCountry, allowWithheld: customerSide });
  };
  return {
    type: final ? 'call.ended' : status === ANSWERED ? 'call.answered' : 'call.started',
    contactId: contactIdFor('call', platform, callback.callSid),
    provider: platform,
    callId: callback.callSid,
    direction,
    from: direction ? phone(callback.from, direction === 'inbound', 'From') : undefined,
    to: direction ? phone(callback.to, direction === 'outbound', 'To') : undefined,
    startedAt,
    answeredAt,
    endedAt: final ? at : undefined,
    earliestTimesWin: true,
  };
}
