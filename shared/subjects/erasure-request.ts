import { randomUUID } from 'node:crypto';
import { ValidationError } from '../kernel/errors';
import {
  type EraseResult,
  eraseSubjectByKey,
  type SubjectDeps,
  type SubjectQuery,
  subjectKeyOf,
} from './subject';

/**
 * Four-eyes erasure (N16, docs/operations.md): one officer requests, a different officer
 * approves; until then the request is pending and either may cancel it. The request holds the
 * subject's pseudonym (never the number), the reason and who asked; it expires after 30 days.
 */
export interface ErasureRequest {
  erasureId: string;
  subjectKey: string;
  reason: string;
  requestedBy: string;
  requestedIdentity: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'cancelled';
  decidedBy?: string;
  decidedAt?: string;
  /** Epoch seconds (TTL). */
  expiresAt: number;
}

/** Port: the pending requests (./dynamo-erasure-requests.ts). */
export interface ErasureRequestStore {
  create(request: ErasureRequest): Promise<void>;
  get(erasureId: string): Promise<ErasureRequest | undefined>;
  /** pending → approved|cancelled, only if still pending; false when it was not. */
  decide(erasureId: string, status: 'approved' | 'cancelled', by: string, at: string): Promise<boolean>;
}

export const ERASURE_REQUEST_DAYS = 30;

export interface Officer {
  who: string;
  sourceIdentity: string;
}

/** A conflict (409): the request is no longer pending. */
export class ErasureNotPendingError extends Error {
  constructor(erasureId: string, status: string) {
    super(`erasure ${erasureId} is ${status}, not pending`);
    this.name = 'ConflictError';
  }
}

/** The approver is the requester (403). */
export class SameOfficerError extends Error {
  constructor() {
    super('a different officer must approve an erasure (four eyes)');
    this.name = 'ForbiddenError';
  }
}

export async function requestErasure(
  query: SubjectQuery,
  request: { reason: string; by: Officer },
  deps: SubjectDeps & { erasures: ErasureRequestStore },
): Promise<ErasureRequest> {
  const now = deps.now?.() ?? new Date();
  const pending: ErasureRequest = {
    erasureId: randomUUID(),
    subjectKey: await subjectKeyOf(query, deps),
    reason: request.reason,
    requestedBy: request.by.who,
    requestedIdentity: request.by.sourceIdentity,
    requestedAt: now.toISOString(),
    status: 'pending',
    expiresAt: Math.floor(now.getTime() / 1000) + ERASURE_REQUEST_DAYS * 86_400,
  };
  await deps.erasures.create(pending);
  return pending;
}

async function pendingRequest(erasureId: string, deps: { erasures: ErasureRequestStore; now?: () => Date }) {
  const found = await deps.erasures.get(erasureId);
  const now = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  if (!found || found.expiresAt <= now) return undefined;
  if (found.status !== 'pending') throw new ErasureNotPendingError(erasureId, found.status);
  return found;
}

/** Approve and carry out a pending erasure; undefined when there is no such request. */
export async function approveErasure(
  erasureId: string,
  approver: Officer,
  deps: SubjectDeps & { erasures: ErasureRequestStore },
): Promise<{ request: ErasureRequest; result: EraseResult } | undefined> {
  const request = await pendingRequest(erasureId, deps);
  if (!request) return undefined;
  if (request.requestedBy === approver.who || request.requestedIdentity === approver.sourceIdentity) {
    throw new SameOfficerError();
  }
  const at = (deps.now?.() ?? new Date()).toISOString();
  if (!(await deps.erasures.decide(erasureId, 'approved', approver.who, at))) {
    throw new ErasureNotPendingError(erasureId, 'decided');
  }
  const result = await eraseSubjectByKey(
    request.subjectKey,
    { reason: request.reason, by: `${request.requestedBy}; approved by ${approver.who}` },
    deps,
  );
  return { request, result };
}

/** Cancel a pending erasure (the requester or another officer); undefined when there is none. */
export async function cancelErasure(
  erasureId: string,
  by: Officer,
  deps: { erasures: ErasureRequestStore; now?: () => Date },
): Promise<ErasureRequest | undefined> {
  const request = await pendingRequest(erasureId, deps);
  if (!request) return undefined;
  const at = (deps.now?.() ?? new Date()).toISOString();
  if (!(await deps.erasures.decide(erasureId, 'cancelled', by.who, at))) {
    throw new ErasureNotPendingError(erasureId, 'decided');
  }
  return { ...request, status: 'cancelled', decidedBy: by.who, decidedAt: at };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function checkErasureId(id: string): string {
  if (!UUID.test(id)) {
    throw new ValidationError(`erasure id must be the id the request returned, got "${id.slice(0, 40)}"`);
  }
  return id;
}
