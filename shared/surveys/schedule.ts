import type { CallRecord } from '../calls/call-record';
import { subjectKey } from '../kernel/pseudonym';
import { type IneligibleReason, type SubjectFacts, surveyEligibility } from './eligibility';
import type { SurveyPolicy } from './policy';
import type { SurveyQueue } from './ports';
import type { SurveyStore } from './survey-store';
import { planSend } from './window';

export interface SurveyDeps {
  surveys: SurveyStore;
  pepper: () => Promise<string>;
  policy: SurveyPolicy;
  now?: () => Date;
}

export interface ScheduleSurveyDeps extends SurveyDeps {
  queue: SurveyQueue;
}

export type ScheduleOutcome =
  | { outcome: 'scheduled'; notBefore: string }
  | { outcome: 'already-scheduled' | 'in-progress' }
  | { outcome: 'not-due'; reason: IneligibleReason };

/** A schedule claim that was not queued within this long is taken to be abandoned. */
export const STALE_CLAIM_MS = 60_000;

/**
 * Durably schedule the survey for a stored call, if one is due (N10). Runs on every accepted
 * delivery of every call event; many duplicate deliveries give one schedule: the first writer
 * claims the survey item with a conditional write and queues the job; the rest see the claim.
 * A claim whose owner died before queueing is taken over after STALE_CLAIM_MS by a retry.
 */
export async function scheduleSurvey(record: CallRecord, deps: ScheduleSurveyDeps): Promise<ScheduleOutcome> {
  const now = deps.now?.() ?? new Date();
  // Cheap checks first: most events (started, answered, outbound, landlines) end here.
  const quick = surveyEligibility(record, { optedOut: false }, deps.policy, now);
  if (!quick.eligible) return { outcome: 'not-due', reason: quick.reason };

  const existing = await deps.surveys.getSurvey(record.contactId, now);
  if (existing) return resume(existing, deps, now);

  const facts = await subjectFacts(record, deps);
  const full = surveyEligibility(record, facts, deps.policy, now);
  if (!full.eligible) return { outcome: 'not-due', reason: full.reason };
  const plan = planSend(record.endedAt as string, now, deps.policy);
  if (plan.kind === 'drop') return { outcome: 'not-due', reason: plan.reason };

  const notBefore = plan.at.toISOString();
  const created = await deps.surveys.createSurvey({
    contactId: record.contactId,
    status: 'scheduled',
    scheduledAt: now.toISOString(),
    notBefore,
    expiresAt: record.expiresAt,
  });
  if (!created) {
    const winner = await deps.surveys.getSurvey(record.contactId, now);
    return winner ? resume(winner, deps, now) : { outcome: 'in-progress' };
  }
  await enqueue(record.contactId, notBefore, deps, now);
  return { outcome: 'scheduled', notBefore };
}

async function resume(
  existing: Awaited<ReturnType<SurveyStore['getSurvey']>> & object,
  deps: ScheduleSurveyDeps,
  now: Date,
): Promise<ScheduleOutcome> {
  if (existing.queuedAt || existing.status !== 'scheduled') return { outcome: 'already-scheduled' };
  if (now.getTime() - Date.parse(existing.scheduledAt) < STALE_CLAIM_MS) return { outcome: 'in-progress' };
  if (!(await deps.surveys.retakeSchedule(existing.contactId, existing.scheduledAt, now))) {
    return { outcome: 'in-progress' };
  }
  await enqueue(existing.contactId, existing.notBefore, deps, now);
  return { outcome: 'scheduled', notBefore: existing.notBefore };
}

async function enqueue(contactId: string, notBefore: string, deps: ScheduleSurveyDeps, now: Date) {
  const delaySeconds = Math.max(0, Math.ceil((Date.parse(notBefore) - now.getTime()) / 1000));
  await deps.queue.enqueue({ contactId, notBefore }, delaySeconds);
  await deps.surveys.markQueued(contactId, now);
}

/** Opt-out and frequency-cap facts about the call's customer number, looked up by pseudonym. */
export async function subjectFacts(
  record: CallRecord,
  deps: SurveyDeps,
): Promise<SubjectFacts & { subject: string }> {
  const subject = subjectKey(record.customerNumber as string, await deps.pepper());
  const now = deps.now?.() ?? new Date();
  const [optedOut, last] = await Promise.all([
    deps.surveys.isOptedOut(subject),
    deps.surveys.lastSurvey(subject, now),
  ]);
  const other = last && last.contactId !== record.contactId ? last : undefined;
  return { subject, optedOut, lastSurveyedAt: other?.sentAt };
}
