import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { auditReason } from './contract';
import { parseOrThrow } from './parse';

/**
 * The ops audit trail (N7, N11): one entry per ops request — who (the caller's IAM identity),
 * what, which contact(s), why, when, and how it ended. Never a phone number or nickname:
 * subjects are referred to by the contact ids found, reasons are checked for numbers.
 */
export interface AuditEntry {
  id: string;
  /** ISO instant. */
  at: string;
  /** The verified principal ARN (IAM), or the local user name in local mode. */
  who: string;
  /** The person behind `who`, not chosen by the caller (shared/ops/identity.ts). */
  sourceIdentity?: string;
  /**
   * `intent`: written before the action, which does not run if this write fails;
   * `outcome`: written after it, naming the intent's id. Absent on entries from before both.
   */
  phase?: 'intent' | 'outcome';
  /** On an outcome: the id of its intent entry. */
  intentId?: string;
  action: string;
  contactId?: string;
  contactIds?: string[];
  reason?: string;
  /** 'ok', 'pending' (an intent) or the error name. */
  outcome: string;
  /** Counts or other non-personal details (e.g. `{ found: 3 }`). */
  detail?: Record<string, number | string | boolean>;
}

export type AuditDraft = Omit<AuditEntry, 'id' | 'at'>;

/** Port: where audit entries live (./dynamo-audit-log.ts). */
export interface AuditLog {
  write(entry: AuditEntry): Promise<void>;
  /** Entries of one UTC day, oldest first. */
  listDay(day: string): Promise<AuditEntry[]>;
  /** Entries about one contact (single-contact actions), oldest first. */
  listContact(contactId: string): Promise<AuditEntry[]>;
}

export async function writeAudit(log: AuditLog, draft: AuditDraft, now = new Date()): Promise<AuditEntry> {
  const entry: AuditEntry = { id: randomUUID(), at: now.toISOString(), ...draft };
  await log.write(entry);
  return entry;
}

/** The UTC days from..to inclusive (at most `max`), for listing a period. */
export function auditDays(from: string, to: string, max = 92): string[] {
  const days: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    days.push(d.toISOString().slice(0, 10));
    if (days.length > max) break;
  }
  return days;
}

/** `auditReason` for a single value, e.g. a query-string reason: a 400 naming the field when it fails. */
export function checkReason(reason: unknown, field = 'reason'): string {
  return parseOrThrow(z.object({ [field]: auditReason }), { [field]: reason }, 'the request')[
    field
  ] as string;
}
