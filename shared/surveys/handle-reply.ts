import { normalisePhone } from '../kernel/phone';
import { subjectKey } from '../kernel/pseudonym';
import { helsinkiDay } from '../kernel/time';
import type { InboundSms } from './contract';
import { DEFAULT_REPLY_HOURS } from './policy';
import type { SmsSender } from './ports';
import { parseReply } from './reply-words';
import type { SurveyStore } from './survey-store';

export interface HandleReplyDeps {
  surveys: SurveyStore;
  pepper: () => Promise<string>;
  sms: SmsSender;
  /** One-time confirmation sent when a number opts out; undefined = none. */
  optOutConfirmation?: string;
  replyHours?: number;
  now?: () => Date;
}

export type ReplyOutcome =
  | 'opted-out'
  | 'already-opted-out'
  | 'scored'
  | 'already-answered'
  | 'other'
  | 'no-open-survey'
  | 'unreadable-sender';

/** Statistics row for replies that match no survey. */
const UNMATCHED = '-';

/**
 * One SMS reply (N10, N14):
 * - STOP/LOPETA/SEIS/STOPP: the number's pseudonym goes on the opt-out registry; nothing is
 *   ever sent to it again (an optional one-time confirmation);
 * - a score 1-5 counts once towards the number's latest survey sent within `replyHours`, in
 *   aggregate counters only;
 * - anything else is counted; its text is never stored or logged.
 * Idempotent: a redelivered reply changes nothing the second time (except the "other" counter).
 */
export async function handleSurveyReply(sms: InboundSms, deps: HandleReplyDeps): Promise<ReplyOutcome> {
  const now = sms.receivedAt ?? deps.now?.() ?? new Date();
  let e164: string;
  try {
    const parsed = normalisePhone(sms.from, 'originationNumber');
    if (parsed.kind !== 'number') throw new Error('withheld');
    e164 = parsed.e164;
  } catch {
    await deps.surveys.addStats(helsinkiDay(now), UNMATCHED, { otherReplies: 1 });
    return 'unreadable-sender';
  }
  const subject = subjectKey(e164, await deps.pepper());
  const reply = parseReply(sms.text);

  const last = await deps.surveys.lastSurvey(subject, now);
  const replyMs = (deps.replyHours ?? DEFAULT_REPLY_HOURS) * 3_600_000;
  const open = last && now.getTime() - Date.parse(last.sentAt) <= replyMs ? last : undefined;
  const survey = open ? await deps.surveys.getSurvey(open.contactId, now) : undefined;
  const row: [string, string] = survey?.statsDay
    ? [survey.statsDay, survey.serviceNumber ?? UNMATCHED]
    : [helsinkiDay(now), UNMATCHED];

  if (reply.kind === 'stop') {
    const added = await deps.surveys.optOut(subject, now);
    if (!added) return 'already-opted-out';
    await deps.surveys.addStats(...row, { optOuts: 1 });
    if (deps.optOutConfirmation) {
      // Best effort: the opt-out itself is already durable.
      await deps.sms.send({ phoneNumber: e164, text: deps.optOutConfirmation }).catch(() => undefined);
    }
    return 'opted-out';
  }
  if (!survey || (survey.status !== 'sent' && survey.status !== 'sending' && survey.status !== 'answered')) {
    await deps.surveys.addStats(...row, { otherReplies: 1 });
    return 'no-open-survey';
  }
  if (reply.kind === 'other') {
    await deps.surveys.addStats(...row, { otherReplies: 1 });
    return 'other';
  }
  if (!(await deps.surveys.markAnswered(survey.contactId, now))) return 'already-answered';
  await deps.surveys.addStats(...row, { responses: 1, [`score${reply.score}`]: 1 });
  return 'scored';
}
