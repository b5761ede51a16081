import type { CallRecord } from '../../../shared/calls/call-record';
import { sampled, surveyEligibility } from '../../../shared/surveys/eligibility';
import { DEFAULT_SURVEY_POLICY, type SurveyPolicy } from '../../../shared/surveys/policy';

const now = new Date('2026-03-10T10:00:00Z');
const due: CallRecord = {
  kind: 'call',
  contactId: 'call-0123456789abcdef0123456789abcdef',
  provider: 'acme-cc',
  providerCallId: 'CA-1',
  direction: 'inbound',
  customerNumber: '+358401234567',
  serviceNumber: '+358968298003',
  startedAt: '2026-03-10T09:40:00Z',
  answeredAt: '2026-03-10T09:41:00Z',
  endedAt: '2026-03-10T09:50:00Z',
  expiresAt: Math.floor(Date.parse('2027-03-10T09:50:00Z') / 1000),
};
const policy = DEFAULT_SURVEY_POLICY;

describe('surveyEligibility (N10)', () => {
  it('N10: an answered, ended inbound call from a Finnish mobile is due', () => {
    expect(surveyEligibility(due, { optedOut: false }, policy, now)).toEqual({ eligible: true });
  });

  const { answeredAt: _a, ...unanswered } = due;
  const { endedAt: _e, ...ongoing } = due;
  const { customerNumber: _c, ...withheld } = due;
  const hold = { reason: 'dispute 42', since: '2026-03-10T09:55:00Z', by: 'ops' };
  const cases: [
    string,
    CallRecord,
    { optedOut: boolean; lastSurveyedAt?: string },
    Partial<SurveyPolicy>,
    string,
  ][] = [
    ['an outbound call', { ...due, direction: 'outbound' }, { optedOut: false }, {}, 'not-inbound'],
    [
      'a call with unknown direction',
      { ...due, direction: undefined },
      { optedOut: false },
      {},
      'not-inbound',
    ],
    ['an unanswered call', unanswered as CallRecord, { optedOut: false }, {}, 'not-answered'],
    ['a call still going on', ongoing as CallRecord, { optedOut: false }, {}, 'not-ended'],
    [
      'a withheld number',
      { ...withheld, customerWithheld: true } as CallRecord,
      { optedOut: false },
      {},
      'withheld',
    ],
    ['a Finnish landline', { ...due, customerNumber: '+35896829810' }, { optedOut: false }, {}, 'not-mobile'],
    [
      'a Swedish mobile when only FI is allowed',
      { ...due, customerNumber: '+46701234567' },
      { optedOut: false },
      {},
      'country-not-allowed',
    ],
    ['a call under dispute hold', { ...due, hold }, { optedOut: false }, {}, 'on-hold'],
    ['an opted-out number', due, { optedOut: true }, {}, 'opted-out'],
    [
      'a number surveyed 29 days ago',
      due,
      { optedOut: false, lastSurveyedAt: '2026-02-09T10:00:01Z' },
      {},
      'recently-surveyed',
    ],
    ['a call not picked by 0 % sampling', due, { optedOut: false }, { samplingRate: 0 }, 'not-sampled'],
    [
      'a call that ended more than 24 h ago',
      { ...due, endedAt: '2026-03-09T09:59:59Z' },
      { optedOut: false },
      {},
      'too-late',
    ],
    [
      'an expired contact (N13)',
      { ...due, expiresAt: Math.floor(now.getTime() / 1000) },
      { optedOut: false },
      {},
      'expired',
    ],
  ];
  it.each(cases)('N10: rejects %s', (_label, call, facts, override, reason) => {
    expect(surveyEligibility(call, facts, { ...policy, ...override }, now)).toEqual({
      eligible: false,
      reason,
    });
  });

  it('N10: surveys a Swedish mobile when SE is an allowed country', () => {
    const swedish = { ...due, customerNumber: '+46701234567' };
    expect(
      surveyEligibility(swedish, { optedOut: false }, { ...policy, countries: ['FI', 'SE'] }, now).eligible,
    ).toBe(true);
  });

  it('surveys again once the cooldown has passed (30 days and a second)', () => {
    const facts = { optedOut: false, lastSurveyedAt: '2026-02-08T09:59:59Z' };
    expect(surveyEligibility(due, facts, policy, now).eligible).toBe(true);
  });
});

describe('sampled', () => {
  it('makes the same choice for the same call every time (duplicates agree)', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `call-${String(i).padStart(32, '0')}`);
    const first = ids.map((id) => sampled(id, 0.3));
    expect(ids.map((id) => sampled(id, 0.3))).toEqual(first);
  });

  it('picks about the configured share of calls', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `call-${i.toString(16).padStart(32, '0')}`);
    const share = ids.filter((id) => sampled(id, 0.25)).length / ids.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
  });
});
