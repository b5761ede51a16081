import { createHash } from 'node:crypto';
import type { CallRecord } from '../calls/call-record';
import { isExpired } from '../kernel/expiry';
import { countryOf, isMobileNumber } from '../kernel/phone';
import type { SurveyPolicy } from './policy';

/** What the store knows about the customer's number (by its pseudonym). */
export interface SubjectFacts {
  optedOut: boolean;
  /** When this number was last sent a survey for another call, if ever. */
  lastSurveyedAt?: string;
}

export type IneligibleReason =
  | 'expired'
  | 'not-inbound'
  | 'not-answered'
  | 'not-ended'
  | 'withheld'
  | 'not-mobile'
  | 'country-not-allowed'
  | 'on-hold'
  | 'opted-out'
  | 'recently-surveyed'
  | 'not-sampled'
  | 'too-late';

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason };

/**
 * N10: a survey is due only for an answered inbound call that has ended, from an allowed
 * mobile number that was not withheld, not opted out, not surveyed within the cooldown, not
 * under dispute hold, picked by sampling, and whose end is no more than `maxAgeHours` ago.
 * Pure: the checks run in this order and the first failing one is the reason.
 */
export function surveyEligibility(
  call: CallRecord,
  facts: SubjectFacts,
  policy: SurveyPolicy,
  now: Date,
): Eligibility {
  const no = (reason: IneligibleReason): Eligibility => ({ eligible: false, reason });
  if (isExpired(call, now)) return no('expired');
  if (call.direction !== 'inbound') return no('not-inbound');
  if (!call.answeredAt) return no('not-answered');
  if (!call.endedAt) return no('not-ended');
  if (call.customerWithheld || !call.customerNumber) return no('withheld');
  if (!isMobileNumber(call.customerNumber)) return no('not-mobile');
  const country = countryOf(call.customerNumber);
  if (!country || !policy.countries.includes(country)) return no('country-not-allowed');
  if (call.hold) return no('on-hold');
  if (facts.optedOut) return no('opted-out');
  if (facts.lastSurveyedAt && withinDays(facts.lastSurveyedAt, now, policy.cooldownDays)) {
    return no('recently-surveyed');
  }
  if (!sampled(call.contactId, policy.samplingRate)) return no('not-sampled');
  if (now.getTime() > Date.parse(call.endedAt) + policy.maxAgeHours * 3_600_000) return no('too-late');
  return { eligible: true };
}

function withinDays(iso: string, now: Date, days: number): boolean {
  return now.getTime() - Date.parse(iso) < days * 86_400_000;
}

/**
 * Sampling is a pure function of the contact id, so every duplicate delivery and every retry
 * makes the same choice for the same call.
 */
export function sampled(contactId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const bucket = createHash('sha256').update(contactId).digest().readUInt32BE(0) / 0x1_0000_0000;
  return bucket < rate;
}
