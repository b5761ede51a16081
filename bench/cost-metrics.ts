/**
 * CloudWatch custom metrics of the stack, for the cost model (docs/cost.md).
 *
 * A custom metric is billed per metric name x dimension set, $0.30 a month, PRORATED BY THE HOUR:
 * a series costs only in the hours in which something was published to it. Powertools publishes
 * each `metrics.addMetric(name)` with one dimension set, `{service}` (the function's
 * POWERTOOLS_SERVICE_NAME), and every name below is published by one function only, so dimensions
 * do not multiply the count: one series per name. The names come from
 * `grep -rn "addMetric" shared functions` (outcome names from each outcome type), the log metric
 * filters from infra/constructs/monitoring.ts.
 */

/** What a month's traffic looks like, for the series' event counts. */
export interface Traffic {
  calls: number;
  chats: number;
  messages: number;
  surveys: number;
  replies: number;
  /** HTTP API requests (webhooks, upload URLs, ops). */
  apiRequests: number;
  opsRequests: number;
}

export interface Series {
  name: string;
  service: string;
  /** Events in a month; 0 for outcomes that are rare by design (failures, duplicates, expired). */
  events: (t: Traffic) => number;
  /** Published every hour whatever the traffic (the hourly sweep). */
  hourly?: boolean;
  /** An alarm in infra/constructs/monitoring.ts reads it. */
  alarmed?: boolean;
  /** A runbook in docs/ reads it (docs/operations.md, docs/recordings.md). */
  runbook?: boolean;
  /** A log metric filter (not Powertools). */
  logFilter?: boolean;
}

const rare = () => 0;

/** Every series the default stack (no Twilio platform) can publish. */
export const METRIC_SERIES: Series[] = [
  { name: 'CallEvent_created', service: 'call-events', events: (t) => t.calls },
  { name: 'CallEvent_updated', service: 'call-events', events: (t) => 2 * t.calls },
  { name: 'CallEvent_unchanged', service: 'call-events', events: rare },
  { name: 'CallEvent_expired', service: 'call-events', events: rare },
  { name: 'RecordingAvailable_queued', service: 'call-events', events: (t) => t.calls },
  { name: 'RecordingAvailable_expired', service: 'call-events', events: rare },
  { name: 'RecordingAvailable_already-stored', service: 'call-events', events: rare },
  { name: 'ChatEvent_created', service: 'chat-events', events: (t) => t.chats * (1 + t.messages) },
  { name: 'ChatEvent_updated', service: 'chat-events', events: (t) => t.chats },
  { name: 'ChatEvent_unchanged', service: 'chat-events', events: rare },
  { name: 'ChatEvent_duplicate', service: 'chat-events', events: rare },
  { name: 'ChatEvent_expired', service: 'chat-events', events: rare },
  { name: 'RecordingUploadUrl_issued', service: 'recording-upload-url', events: rare }, // push platforms only
  { name: 'RecordingFetch_stored', service: 'recording-fetch', events: (t) => t.calls },
  { name: 'RecordingFetch_retry', service: 'recording-fetch', events: rare },
  { name: 'RecordingFetch_failed', service: 'recording-fetch', events: rare, alarmed: true },
  { name: 'RecordingFetch_refused', service: 'recording-fetch', events: rare },
  { name: 'RecordingFetch_expired', service: 'recording-fetch', events: rare },
  { name: 'RecordingFetch_already-stored', service: 'recording-fetch', events: rare },
  // Deleting the platform's copy after ours landed: native (Twilio) sources only.
  { name: 'RecordingSourceDelete_deleted', service: 'recording-fetch', events: rare },
  { name: 'RecordingSourceDelete_already-deleted', service: 'recording-fetch', events: rare },
  { name: 'RecordingSourceDelete_not-recorded', service: 'recording-fetch', events: rare },
  { name: 'RecordingLanded_recorded', service: 'recording-landed', events: (t) => t.calls },
  { name: 'RecordingLanded_deleted', service: 'recording-landed', events: rare },
  { name: 'RecordingLanded_overwrite-refused', service: 'recording-landed', events: rare, runbook: true },
  { name: 'RecordingLanded_ignored', service: 'recording-landed', events: rare },
  { name: 'Survey_sent', service: 'survey-send', events: (t) => t.surveys, runbook: true },
  { name: 'Survey_deferred', service: 'survey-send', events: (t) => t.surveys * 0.2 },
  { name: 'Survey_dropped', service: 'survey-send', events: rare },
  { name: 'Survey_failed', service: 'survey-send', events: rare, alarmed: true },
  { name: 'Survey_no-survey', service: 'survey-send', events: rare },
  { name: 'Survey_already-handled', service: 'survey-send', events: rare },
  { name: 'Survey_claimed-elsewhere', service: 'survey-send', events: rare },
  { name: 'Survey_capped', service: 'survey-send', events: rare, alarmed: true },
  { name: 'Survey_paused', service: 'survey-send', events: rare, alarmed: true },
  { name: 'SurveyReply_scored', service: 'survey-reply', events: (t) => t.replies },
  { name: 'SurveyReply_opted-out', service: 'survey-reply', events: (t) => t.replies * 0.02 },
  { name: 'SurveyReply_already-opted-out', service: 'survey-reply', events: rare },
  { name: 'SurveyReply_already-answered', service: 'survey-reply', events: rare },
  { name: 'SurveyReply_other', service: 'survey-reply', events: (t) => t.replies * 0.05 },
  { name: 'SurveyReply_no-open-survey', service: 'survey-reply', events: rare },
  { name: 'SurveyReply_unreadable-sender', service: 'survey-reply', events: rare },
  { name: 'SurveyReply_unreadable-message', service: 'survey-reply', events: rare },
  { name: 'SubjectExport_done', service: 'subject-export', events: rare },
  { name: 'SubjectExport_failed', service: 'subject-export', events: rare, alarmed: true },
  { name: 'SubjectExport_missing', service: 'subject-export', events: rare },
  { name: 'SubjectExport_finished-before', service: 'subject-export', events: rare },
  { name: 'SubjectExport_running-elsewhere', service: 'subject-export', events: rare },
  { name: 'OpsRequest', service: 'ops-api', events: (t) => t.opsRequests },
  { name: 'SweepOldestDueAgeHours', service: 'retention-sweep', events: rare, hourly: true, alarmed: true },
  { name: 'SweepContactsDeleted', service: 'retention-sweep', events: rare, hourly: true },
  { name: 'SweepFailures', service: 'retention-sweep', events: rare, hourly: true },
  // Access-log filters with a default value: every access log line publishes to all three.
  { name: 'WebhookRequests', service: 'api', events: (t) => t.apiRequests, logFilter: true, alarmed: true },
  { name: 'Webhook5xx', service: 'api', events: (t) => t.apiRequests, logFilter: true, alarmed: true },
  {
    name: 'WebhookAuthFailures',
    service: 'api',
    events: (t) => t.apiRequests,
    logFilter: true,
    alarmed: true,
  },
];

export const HOURS_PER_MONTH = 730;
/** Calls and chats arrive in opening hours: about 22 days x 10 hours a month (an assumption). */
export const BUSY_HOURS_PER_MONTH = 220;

/**
 * Hours in the month with at least one event, for `events` spread evenly at random over the
 * opening hours (Poisson): H x (1 - e^(-events/H)).
 */
export function activeHours(series: Series, traffic: Traffic): number {
  if (series.hourly) return HOURS_PER_MONTH;
  const events = series.events(traffic);
  return BUSY_HOURS_PER_MONTH * (1 - Math.exp(-events / BUSY_HOURS_PER_MONTH));
}

/** Billed custom metrics this month (fractions: hourly proration), and how many series exist. */
export function billedMetrics(
  traffic: Traffic,
  keep: (s: Series) => boolean = () => true,
): { billed: number; series: number } {
  const kept = METRIC_SERIES.filter(keep);
  return {
    billed: kept.reduce((sum, s) => sum + activeHours(s, traffic) / HOURS_PER_MONTH, 0),
    series: kept.length,
  };
}
