import type { CallStore } from '../calls/call-store';
import { helsinkiDay } from '../kernel/time';
import { surveyEligibility } from './eligibility';
import type { SmsSender, SurveyJob, SurveyQueue } from './ports';
import { SmsAccountBlockedError, SmsNotSentError } from './ports';
import { type SurveyDeps, subjectFacts } from './schedule';
import { planSend } from './window';

export interface SendSurveyDeps extends SurveyDeps {
  calls: CallStore;
  queue: SurveyQueue;
  sms: SmsSender;
  text: string;
  /** N10: at most this many surveys per Helsinki day, all numbers together (undefined: no cap). */
  dailyCap?: number;
}

/** How long the sender pauses after an account-level SMS error, and how late paused jobs come back. */
export const PAUSE_MINUTES = 60;
export const PAUSED_RETRY_SECONDS = 900;

export type SendOutcome =
  | 'sent'
  | 'deferred'
  | 'dropped'
  | 'failed'
  | 'no-survey'
  | 'already-handled'
  | 'claimed-elsewhere'
  | 'capped'
  | 'paused';

/**
 * Send one scheduled survey, exactly once (docs/adr/0004-survey-exactly-once.md):
 * 1. re-check everything at send time: the call still exists (N13), the window and the 24 h
 *    rule, opt-out and frequency cap (an opt-out since scheduling wins);
 * 2. claim the survey (scheduled -> sending) and the number's frequency cap with conditional
 *    writes BEFORE publishing: a duplicate job or a retry cannot claim again;
 * 3. publish, then record it as sent.
 * If the process dies after the claim, the survey stays `sending` and is never sent again:
 * we would rather lose a survey than send a second SMS.
 * Throws only when retrying later can help (the job then goes back to the queue).
 */
export async function sendSurvey(job: SurveyJob, deps: SendSurveyDeps): Promise<SendOutcome> {
  const now = deps.now?.() ?? new Date();
  const survey = await deps.surveys.getSurvey(job.contactId, now);
  if (!survey) return 'no-survey';
  if (survey.status !== 'scheduled') return 'already-handled';

  const drop = async (reason: string) => {
    await deps.surveys.markEnded(job.contactId, 'dropped', reason, ['scheduled']);
    return 'dropped' as const;
  };
  const call = await deps.calls.findLiveCall(job.contactId, now);
  if (!call?.endedAt || !call.customerNumber) return drop('expired');

  const plan = planSend(call.endedAt, now, deps.policy);
  if (plan.kind === 'drop') return drop(plan.reason);
  const notBefore = Math.max(plan.at.getTime(), Date.parse(survey.notBefore));
  if (notBefore > now.getTime()) {
    // Early (SQS delays stop at 15 minutes, or the window closed): come back later.
    const delay = Math.ceil((notBefore - now.getTime()) / 1000);
    await deps.queue.enqueue(
      { contactId: job.contactId, notBefore: new Date(notBefore).toISOString() },
      delay,
    );
    return 'deferred';
  }

  // Paused after an account-level SMS error: the job comes back later (a new message, so it never
  // reaches the dead-letter queue); the window and max age above still drop it when it is too late.
  if (await deps.surveys.pausedUntil(now)) {
    await deps.queue.enqueue(job, PAUSED_RETRY_SECONDS);
    return 'paused';
  }

  const facts = await subjectFacts(call, deps);
  const eligibility = surveyEligibility(call, facts, deps.policy, now);
  if (!eligibility.eligible) return drop(eligibility.reason);

  const stats = { statsDay: helsinkiDay(now), serviceNumber: call.serviceNumber ?? '-' };
  // N10: the global daily cap. Past it the survey is skipped (ended, counted), never queued again.
  if (
    deps.dailyCap !== undefined &&
    !(await deps.surveys.claimDailySlot(stats.statsDay, deps.dailyCap, now))
  ) {
    await deps.surveys.markEnded(job.contactId, 'dropped', 'daily-cap', ['scheduled']);
    return 'capped';
  }
  if (!(await deps.surveys.claimSend(job.contactId, now, stats))) return 'claimed-elsewhere';
  const capped = !(await deps.surveys.claimLastSurvey(facts.subject, {
    contactId: job.contactId,
    sentAt: now.toISOString(),
    cutoff: new Date(now.getTime() - deps.policy.cooldownDays * 86_400_000),
    // Kept for the cooldown, and at least as long as replies are accepted.
    expiresAt: Math.floor(now.getTime() / 1000) + Math.max(deps.policy.cooldownDays, 3) * 86_400,
  }));
  if (capped) {
    await deps.surveys.markEnded(job.contactId, 'dropped', 'recently-surveyed', ['sending']);
    return 'dropped';
  }

  let messageId: string;
  try {
    ({ messageId } = await deps.sms.send({ phoneNumber: call.customerNumber, text: deps.text }));
  } catch (error) {
    if (error instanceof SmsAccountBlockedError) {
      // Stop sending for everyone, keep this job: release the claim and come back after the pause.
      await deps.surveys.pause(new Date(now.getTime() + PAUSE_MINUTES * 60_000), error.message);
      await deps.surveys.releaseSend(job.contactId);
      await deps.queue.enqueue(job, PAUSED_RETRY_SECONDS);
      return 'paused';
    }
    if (error instanceof SmsNotSentError && error.retryable) {
      await deps.surveys.releaseSend(job.contactId);
      throw error;
    }
    // Refused, or the outcome is unknown: never try again (no double SMS).
    const reason = error instanceof SmsNotSentError ? 'sms-refused' : 'sms-outcome-unknown';
    await deps.surveys.markEnded(job.contactId, 'failed', reason, ['sending']);
    return 'failed';
  }
  await deps.surveys.markSent(job.contactId, now, messageId);
  await deps.surveys.addStats(stats.statsDay, stats.serviceNumber, { sent: 1 });
  return 'sent';
}
