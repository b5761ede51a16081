/**
 * Port: survey state, the opt-out registry, the frequency cap and aggregate statistics.
 * One implementation over DynamoDB (./dynamo-survey-store.ts).
 *
 * A call's survey moves through: scheduled -> sending -> sent -> answered, or ends as
 * dropped / failed. Every transition is a conditional write, which is what makes the survey
 * exactly-once (docs/adr/0004-survey-exactly-once.md).
 */
export type SurveyStatus = 'scheduled' | 'sending' | 'sent' | 'answered' | 'dropped' | 'failed';

export interface SurveyState {
  contactId: string;
  status: SurveyStatus;
  /** When the schedule was claimed; a claim not queued within a minute may be taken over. */
  scheduledAt: string;
  /** The planned send time. */
  notBefore: string;
  /** Set once the job is durably on the queue. */
  queuedAt?: string;
  /** Set when the sender claimed the survey (status sending). */
  claimedAt?: string;
  sentAt?: string;
  messageId?: string;
  answeredAt?: string;
  /** Why the survey was dropped or failed (a reason code, never personal data). */
  reason?: string;
  /** The statistics row this survey counts in: Helsinki day of sending + called service number. */
  statsDay?: string;
  serviceNumber?: string;
  /** Same as the contact's expiry (N13); absent only while the contact is on hold. */
  expiresAt?: number;
}

/** Aggregate counters only (N14): no contact id, number or per-person value. */
export const STAT_FIELDS = [
  'sent',
  'responses',
  'score1',
  'score2',
  'score3',
  'score4',
  'score5',
  'otherReplies',
  'optOuts',
] as const;
export type StatField = (typeof STAT_FIELDS)[number];

export interface StatsRow {
  /** Helsinki day, yyyy-mm-dd. */
  day: string;
  /** The company's service number, or "-" for replies that matched no survey. */
  serviceNumber: string;
  counts: Partial<Record<StatField, number>>;
}

export interface LastSurvey {
  contactId: string;
  sentAt: string;
}

export interface SurveyStore {
  /**
   * N10: take one of the day's `cap` survey slots (a counter item per Helsinki day). False past
   * the cap; the skipped survey is counted on the same item.
   */
  claimDailySlot(day: string, cap: number, now: Date): Promise<boolean>;
  /** The sender's pause after an account-level SMS error: until when, if it is still on. */
  pausedUntil(now: Date): Promise<Date | undefined>;
  pause(until: Date, reason: string): Promise<void>;
  /** N13: undefined when absent or past its expiry. */
  getSurvey(contactId: string, now?: Date): Promise<SurveyState | undefined>;
  /** Create the survey as `scheduled` unless it exists. False when it already existed. */
  createSurvey(state: SurveyState): Promise<boolean>;
  /** Take over a stale, never-queued schedule (its claimant died). False if someone else did. */
  retakeSchedule(contactId: string, staleScheduledAt: string, now: Date): Promise<boolean>;
  markQueued(contactId: string, at: Date): Promise<void>;
  /** scheduled -> sending. False when the survey is not (any longer) scheduled. */
  claimSend(
    contactId: string,
    at: Date,
    stats: { statsDay: string; serviceNumber: string },
  ): Promise<boolean>;
  /** sending -> scheduled, when the SMS was certainly not sent (e.g. throttled) and may be retried. */
  releaseSend(contactId: string): Promise<void>;
  markSent(contactId: string, at: Date, messageId: string): Promise<void>;
  /** -> dropped/failed, only from the given statuses. */
  markEnded(
    contactId: string,
    status: 'dropped' | 'failed',
    reason: string,
    from: SurveyStatus[],
  ): Promise<boolean>;
  /** sending|sent -> answered. False when already answered (one answer per survey). */
  markAnswered(contactId: string, at: Date): Promise<boolean>;

  isOptedOut(subjectKey: string): Promise<boolean>;
  /** Put the number on the opt-out registry. True when it was not there before. */
  optOut(subjectKey: string, at: Date): Promise<boolean>;

  lastSurvey(subjectKey: string, now?: Date): Promise<LastSurvey | undefined>;
  /**
   * Record that this number is being surveyed for `contactId`, unless another call's survey
   * went to it after `cutoff` (the frequency cap). False when capped.
   */
  claimLastSurvey(
    subjectKey: string,
    survey: LastSurvey & { cutoff: Date; expiresAt: number },
  ): Promise<boolean>;

  addStats(day: string, serviceNumber: string, counts: Partial<Record<StatField, number>>): Promise<void>;
  /** Rows for the Helsinki days from..to inclusive. */
  readStats(fromDay: string, toDay: string): Promise<StatsRow[]>;
}
