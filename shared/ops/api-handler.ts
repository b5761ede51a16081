import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HoldDeps, listHolds, placeHold, releaseHold } from '../holds/hold';
import { httpBundle } from '../http/bundle';
import { errorResponse, HttpError, jsonResponse } from '../http/errors';
import { type AuditDraft, type AuditLog, auditDays, checkReason, writeAudit } from '../kernel/audit';
import { checkContactId, isContactId } from '../kernel/contact-id';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import type { SweepReceipt } from '../retention/sweep';
import {
  approveErasure,
  cancelErasure,
  checkErasureId,
  ErasureNotPendingError,
  type ErasureRequestStore,
  requestErasure,
  SameOfficerError,
} from '../subjects/erasure-request';
import {
  type ExportJobStore,
  type ExportObjects,
  type ExportQueue,
  exportView,
  findExport,
  isExportId,
  startExport,
} from '../subjects/export';
import { eraseSubject, type SubjectDeps, searchSubject } from '../subjects/subject';
import { type SurveyReportDeps, surveyReport } from '../surveys/report-query';
import { assumedRoleName, capabilityOf, type OpsCapability } from './capabilities';
import { reasonBody, redriveBody, subjectBody, subjectSearchBody } from './contract';
import { type DeadLetterDeps, listDeadLetters, redriveDeadLetters } from './dead-letters';
import { type OpsCaller, opsCaller } from './identity';
import { type PlaybackDeps, playbackLink, type ReadContactDeps, readContact } from './read-contact';
import { OPS_ROUTES, type OpsRouteKey } from './routes';

export interface OpsDeps extends ReadContactDeps, SurveyReportDeps {
  holds: HoldDeps;
  subject: SubjectDeps;
  playback: PlaybackDeps;
  audit: AuditLog;
  receipts: { listReceipts(day: string): Promise<SweepReceipt[]> };
  /** Subject exports: jobs, the queue the export function reads, and links to finished bundles. */
  exports: { jobs: ExportJobStore; queue: ExportQueue; objects: Pick<ExportObjects, 'presignGet'> };
  /** Dead-letter queues: list and redrive (docs/operations.md, "Alarms"). */
  deadLetters: DeadLetterDeps;

  /**
   * Local mode only (`OPS_LOCAL_IDENTITY`, never set by the stack): trust the `x-ops-user` header
   * when there is no IAM authorizer. In AWS a request without a verified identity is refused.
   */
  localIdentity?: boolean;
  /**
   * Four-eyes erasure (default on): erase creates a pending request that a different officer
   * approves. Off only by configuration, with a documented reason (docs/operations.md).
   */
  erasures?: ErasureRequestStore;
  fourEyesErase?: boolean;
  /**
   * The stack's ops role names → their capability (OPS_ROLE_CAPABILITIES). A caller in one of
   * them is refused (403) on any route outside its capability — a second check behind the role's
   * IAM policy. Local mode emulates a role with `x-ops-role: <capability>`.
   */
  roleCapabilities?: Record<string, OpsCapability>;
}

/** The capability the caller acts in, when it is one of the stack's ops roles (or emulates one). */
function callerCapability(caller: OpsCaller, deps: OpsDeps): string | undefined {
  if (caller.localCapability) return caller.localCapability;
  const role = assumedRoleName(caller.who);
  return role ? deps.roleCapabilities?.[role] : undefined;
}

/** What a route did, for its one audit entry (never a number or nickname). */
type Audited = Omit<AuditDraft, 'who' | 'sourceIdentity' | 'outcome' | 'action' | 'phase' | 'intentId'>;
interface RouteResult {
  status?: number;
  body: unknown;
  audit?: Audited;
  /** Audit under this action instead of the route's (e.g. a status read that handed out a link). */
  action?: string;
}
interface RouteContext {
  event: APIGatewayProxyEventV2;
  deps: OpsDeps;
  caller: OpsCaller;
  id: string;
  /** The parsed JSON body ({} when there is none); each route parses it with its schema. */
  body: unknown;
  query: Record<string, string | undefined>;
}
interface Route {
  /** The audit action name. */
  action: string;
  handle(ctx: RouteContext): Promise<RouteResult>;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const BODY = 'the request body';

/** Ops routes by API Gateway route key. Every route is IAM-authorised in AWS (infra/constructs/ops.ts). */
const routes: Record<OpsRouteKey, Route> = {
  [OPS_ROUTES.showContact]: {
    action: 'contact.show',
    handle: async ({ id, deps, query }) => {
      // Reading a contact is a read of personal data: it needs a reason (N7).
      const reason = checkReason(query.reason);
      return { body: await readContact(id, deps), audit: { contactId: id, reason } };
    },
  },
  [OPS_ROUTES.playback]: {
    action: 'contact.playback',
    handle: async ({ id, deps, body }) => {
      const { reason } = parseOrThrow(reasonBody, body, BODY);
      const link = await playbackLink(id, reason, deps.playback);
      return { body: link, audit: { contactId: id, reason: link.reason } };
    },
  },
  [OPS_ROUTES.hold]: {
    action: 'contact.hold',
    handle: async ({ id, deps, body, caller }) => {
      const { reason } = parseOrThrow(reasonBody, body, BODY);
      const hold = await placeHold(id, { reason, by: caller.who }, deps.holds);
      return { body: { contactId: id, hold }, audit: { contactId: id, reason } };
    },
  },
  [OPS_ROUTES.release]: {
    action: 'contact.release',
    handle: async ({ id, deps, body }) => {
      const { reason } = parseOrThrow(reasonBody, body, BODY);
      const released = await releaseHold(id, deps.holds);
      return { body: { contactId: id, ...released }, audit: { contactId: id, reason } };
    },
  },
  [OPS_ROUTES.holds]: {
    action: 'holds.list',
    handle: async ({ deps }) => {
      const holds = await listHolds(deps.holds);
      return { body: { holds }, audit: { detail: { found: holds.length } } };
    },
  },
  [OPS_ROUTES.search]: {
    action: 'subject.search',
    handle: async ({ deps, body }) => {
      const { reason, ...query } = parseOrThrow(subjectSearchBody, body, BODY);
      const contacts = await searchSubject(query, deps.subject);
      return {
        body: {
          contacts: contacts.map((c) => ({
            ...c,
            expiresAt: c.expiresAt === undefined ? undefined : new Date(c.expiresAt * 1000).toISOString(),
          })),
        },
        audit: { reason, contactIds: contacts.map((c) => c.contactId), detail: { found: contacts.length } },
      };
    },
  },
  // N16: the export runs as a job (functions/subject-export.ts); this records and queues it.
  [OPS_ROUTES.exportSubject]: {
    action: 'subject.export',
    handle: async ({ deps, body, caller }) => {
      const { reason, ...query } = parseOrThrow(subjectBody, body, BODY);
      const started = await startExport(
        query,
        { by: caller.who },
        { ...deps.exports, subject: deps.subject },
      );
      return {
        status: 202,
        body: started,
        audit: { reason, contactIds: started.contacts, detail: { exportId: started.exportId } },
      };
    },
  },
  // Progress of an export; once done, a link valid 10 minutes — audited as an access (N7, N11).
  [OPS_ROUTES.exportStatus]: {
    action: 'subject.export.status',
    handle: async ({ id, deps, query, caller }) => {
      const reason = query.reason === undefined ? undefined : checkReason(query.reason);
      const job = await findExport(id, { jobs: deps.exports.jobs, now: deps.now });
      if (!job) throw new NotFoundError(`export ${id}`);
      if (job.requestedBy !== caller.who) {
        throw new HttpError(403, `export ${id} can only be followed by whoever started it`, 'Forbidden');
      }
      // The link hands out personal data: no link without a reason (N7, N16).
      if (job.status === 'done' && reason === undefined) checkReason(undefined);
      const view = await exportView(job, { objects: deps.exports.objects, now: deps.now });
      const detail = {
        exportId: id,
        status: job.status,
        done: job.recordings.done,
        total: job.recordings.total,
      };
      return view.url
        ? {
            body: view,
            action: 'subject.export.link',
            audit: { reason, contactIds: job.contactIds, detail: { ...detail, bytes: view.size ?? 0 } },
          }
        : { body: view, audit: { reason, detail } };
    },
  },
  [OPS_ROUTES.eraseSubject]: {
    action: 'subject.erase',
    handle: async ({ deps, body, caller }): Promise<RouteResult> => {
      const { reason, ...query } = parseOrThrow(subjectBody, body, BODY);
      if (deps.fourEyesErase !== false) {
        if (!deps.erasures) throw new Error('four-eyes erasure needs an erasure request store');
        const pending = await requestErasure(
          query,
          { reason, by: caller },
          { ...deps.subject, erasures: deps.erasures },
        );
        return {
          status: 202,
          body: { erasureId: pending.erasureId, status: pending.status, requestedBy: pending.requestedBy },
          action: 'subject.erase.request',
          audit: { reason, detail: { erasureId: pending.erasureId } },
        };
      }
      const result = await eraseSubject(query, { reason, by: caller.who }, deps.subject);
      return {
        body: result,
        audit: {
          reason,
          contactIds: result.erased,
          detail: { erased: result.erased.length, kept: result.kept.length, items: result.items },
        },
      };
    },
  },
  [OPS_ROUTES.approveErasure]: {
    action: 'subject.erase.approve',
    handle: async ({ id, deps, caller }) => {
      checkErasureId(id);
      const done = await fourEyes(() =>
        approveErasure(id, caller, { ...deps.subject, erasures: deps.erasures as ErasureRequestStore }),
      );
      if (!done) throw new NotFoundError(`pending erasure ${id}`);
      const { request, result } = done;
      return {
        body: { erasureId: id, requestedBy: request.requestedBy, approvedBy: caller.who, ...result },
        action: 'subject.erase',
        audit: {
          reason: request.reason,
          contactIds: result.erased,
          detail: {
            erasureId: id,
            erased: result.erased.length,
            kept: result.kept.length,
            items: result.items,
          },
        },
      };
    },
  },
  [OPS_ROUTES.cancelErasure]: {
    action: 'subject.erase.cancel',
    handle: async ({ id, deps, caller, body }) => {
      checkErasureId(id);
      const { reason } = parseOrThrow(reasonBody, body, BODY);
      const cancelled = await fourEyes(() =>
        cancelErasure(id, caller, { erasures: deps.erasures as ErasureRequestStore, now: deps.now }),
      );
      if (!cancelled) throw new NotFoundError(`pending erasure ${id}`);
      return {
        body: { erasureId: id, status: cancelled.status, cancelledBy: caller.who },
        audit: { reason, detail: { erasureId: id } },
      };
    },
  },
  [OPS_ROUTES.receipts]: {
    action: 'receipts.list',
    handle: async ({ deps, query }) => {
      const days = period(query);
      const receipts = (await Promise.all(days.map((d) => deps.receipts.listReceipts(d)))).flat();
      return { body: { receipts }, audit: { detail: { from: days[0] ?? '', to: days.at(-1) ?? '' } } };
    },
  },
  [OPS_ROUTES.audit]: {
    action: 'audit.list',
    handle: async ({ deps, query }) => {
      const contactId = text(query.contactId);
      if (contactId) {
        checkContactId(contactId);
        return { body: { entries: await deps.audit.listContact(contactId) }, audit: { contactId } };
      }
      const days = period(query);
      const entries = (await Promise.all(days.map((d) => deps.audit.listDay(d)))).flat();
      return { body: { entries }, audit: { detail: { from: days[0] ?? '', to: days.at(-1) ?? '' } } };
    },
  },
  // N14: aggregate survey figures only (shared/surveys/report-query.ts).
  [OPS_ROUTES.surveyReport]: {
    action: 'surveys.report',
    handle: async ({ deps, query }) => {
      const report = await surveyReport(query, deps);
      return { body: report, audit: { detail: { from: report.from, to: report.to } } };
    },
  },
  [OPS_ROUTES.deadLetters]: {
    action: 'dlq.list',
    handle: async ({ deps }) => ({ body: { queues: await listDeadLetters(deps.deadLetters) } }),
  },
  [OPS_ROUTES.redrive]: {
    action: 'dlq.redrive',
    handle: async ({ id, deps, body }) => {
      const { reason, dryRun } = parseOrThrow(redriveBody, body, BODY);
      const result = await redriveDeadLetters(id, dryRun, deps.deadLetters);
      return {
        body: result,
        action: dryRun ? 'dlq.redrive-dry-run' : 'dlq.redrive',
        audit: { reason, detail: { queue: result.queue, dryRun, messages: result.messages } },
      };
    },
  },
};

/** The four-eyes refusals as HTTP answers: approving your own request 403, a decided one 409. */
async function fourEyes<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof SameOfficerError) throw new HttpError(403, error.message, 'Forbidden');
    if (error instanceof ErasureNotPendingError) throw new HttpError(409, error.message, 'Conflict');
    throw error;
  }
}

/** `?day=` or `?from=&to=` (UTC days, at most 92); defaults to today. */
function period(query: Record<string, string | undefined>): string[] {
  const today = new Date().toISOString().slice(0, 10);
  const from = text(query.day) ?? text(query.from) ?? today;
  const to = text(query.day) ?? text(query.to) ?? today;
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value ?? '')) {
      throw new ValidationError(`${field} must be a day like 2025-03-01, got "${value}"`, [
        { path: field, message: 'not a yyyy-mm-dd day' },
      ]);
    }
  }
  const days = auditDays(from, to);
  if (days.length > 92) throw new ValidationError('a period is at most 92 days; ask for a shorter one');
  return days;
}

function jsonBody(event: APIGatewayProxyEventV2): Record<string, unknown> {
  if (!event.body) return {};
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ValidationError('the request body must be a JSON object');
}

/** The reason a request gave (body or query), if it passes the audit rules; never a number. */
function givenReason(body: unknown, query: Record<string, string | undefined>): string | undefined {
  const raw = (body as { reason?: unknown } | undefined)?.reason ?? query.reason;
  if (raw === undefined) return undefined;
  try {
    return checkReason(raw);
  } catch {
    return undefined; // e.g. it contained a phone number: the refusal is audited without it
  }
}

const isErasureRoute = (key: string) => key === OPS_ROUTES.approveErasure || key === OPS_ROUTES.cancelErasure;

function safeJsonBody(event: APIGatewayProxyEventV2): Record<string, unknown> | undefined {
  try {
    return jsonBody(event);
  } catch {
    return undefined;
  }
}

/**
 * The ops API: one function, routed on the route key. Every request that reaches a route is
 * audited twice (N7): an **intent** entry before anything is read or changed — if it cannot be
 * written, the action does not happen (503) — and an **outcome** entry after, success or
 * failure, naming the intent and carrying the reason the request gave (also on a 404 or 400).
 * If the outcome cannot be written, nothing is returned.
 */
export function createOpsApiHandler(deps: OpsDeps) {
  return httpBundle<APIGatewayProxyEventV2>(async (event) => {
    const route = routes[event.routeKey as OpsRouteKey];
    if (!route) throw new HttpError(404, `no ops route ${event.routeKey}`, 'NotFound');
    const verified = opsCaller(event, deps.localIdentity === true);
    const caller: OpsCaller = verified ?? { who: 'unverified', sourceIdentity: 'unverified' };
    logger.appendKeys({ caller: caller.who, route: event.routeKey });
    metrics.addMetric('OpsRequest', 'Count', 1);
    const id = event.pathParameters?.id ?? '';
    const now = () => deps.now?.() ?? new Date();
    const query = event.queryStringParameters ?? {};
    const parsedBody = safeJsonBody(event);
    const reason = givenReason(parsedBody, query);
    const subject = {
      // Only a well-formed contact id is recorded: a path can carry anything (N17).
      ...(isContactId(id) ? { contactId: id } : {}),
      ...(reason === undefined ? {} : { reason }),
    };
    const intent = await writeAudit(
      deps.audit,
      {
        who: caller.who,
        sourceIdentity: caller.sourceIdentity,
        action: route.action,
        phase: 'intent',
        outcome: 'pending',
        ...subject,
        ...(isExportId(id) ? { detail: { exportId: id } } : {}),
        ...(isErasureRoute(event.routeKey) ? { detail: { erasureId: id.slice(0, 36) } } : {}),
      },
      now(),
    );
    const outcome = {
      who: caller.who,
      sourceIdentity: caller.sourceIdentity,
      phase: 'outcome' as const,
      intentId: intent.id,
    };
    let result: RouteResult;
    try {
      if (!verified) {
        throw new HttpError(
          403,
          'the ops API needs a verified IAM identity (a SigV4-signed request)',
          'Forbidden',
        );
      }
      const capability = callerCapability(caller, deps);
      const needed = capabilityOf(event.routeKey as OpsRouteKey);
      if (capability !== undefined && capability !== needed) {
        throw new HttpError(
          403,
          `the ${capability} role may not ${route.action}; it needs the ${needed} role`,
          'Forbidden',
        );
      }
      // A body that is not a JSON object is refused here (jsonBody throws the ValidationError).
      const body = parsedBody ?? jsonBody(event);
      result = await route.handle({ event, deps, caller, id, body, query });
    } catch (error) {
      const response = errorResponse(error, event.requestContext.requestId);
      await writeAudit(
        deps.audit,
        {
          ...outcome,
          action: route.action,
          ...subject,
          outcome: (error as Error).name ?? 'Error',
          detail: {
            status: typeof response === 'object' ? (response.statusCode ?? 500) : 500,
            ...(isExportId(id) ? { exportId: id } : {}),
          },
        },
        now(),
      );
      return response;
    }
    await writeAudit(
      deps.audit,
      { ...outcome, action: result.action ?? route.action, outcome: 'ok', ...result.audit },
      now(),
    );
    return jsonResponse(result.status ?? 200, result.body);
  });
}
