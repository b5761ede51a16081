/**
 * The single-table key layout (see docs/data-model.md). Keys carry contact ids, days and
 * pseudonyms only — never a phone number, nickname or text.
 */

/** A contact: `CONTACT#<contactId>` holds its META item and its other items. */
const CONTACT_PREFIX = 'CONTACT#';
export const contactPk = (contactId: string) => `${CONTACT_PREFIX}${contactId}`;
/** The contact id of a contact partition key; undefined for any other partition. */
export function contactIdOfPk(pk: unknown): string | undefined {
  return typeof pk === 'string' && pk.startsWith(CONTACT_PREFIX)
    ? pk.slice(CONTACT_PREFIX.length)
    : undefined;
}
export const META = 'META';
/** A chat's messages: `MSG#<seq>`. */
export const MSG_PREFIX = 'MSG#';
/** Digits of a message's sequence number in its sort key: the chat contract's MAX_SEQUENCE (999 999). */
const SEQ_DIGITS = 6;
/** `MSG#000042`: zero-padded so the items of a chat sort in sequence order. Carries no content. */
export const messageSk = (seq: number) => `${MSG_PREFIX}${String(seq).padStart(SEQ_DIGITS, '0')}`;
/** A call's survey state (see docs/surveys.md). */
export const SURVEY_SK = 'SURVEY';

/** A person, by pseudonym: `SUBJECT#<hmac>` / `OPTOUT`, `LASTSURVEY`. */
export const subjectPk = (subjectKey: string) => `SUBJECT#${subjectKey}`;
export const OPTOUT_SK = 'OPTOUT';
export const LASTSURVEY_SK = 'LASTSURVEY';

/** Survey counters: pk per Helsinki month, sk `<day>#<service number>`. No personal data, no expiry. */
export const statsPk = (month: string) => `SURVEYSTATS#${month}`;
export const statsSk = (day: string, serviceNumber: string) => `${day}#${serviceNumber}`;
/** Sort-key bounds covering every service number of the days `fromDay`..`toDay`. */
export const statsSkRange = (fromDay: string, toDay: string) => ({ from: `${fromDay}#`, to: `${toDay}#~` });

/** Audit entries: `AUDIT#<yyyy-mm-dd>` / `<ts>#<id>`. */
export const auditPk = (day: string) => `AUDIT#${day}`;
export const auditSk = (at: string, id: string) => `${at}#${id}`;
/** Per-contact listing reuses the `bySubject` index under its own partition prefix (no extra GSI). */
export const auditOfPk = (contactId: string) => `AUDITOF#${contactId}`;

/** Sweep and erasure receipts: `RECEIPT#<yyyy-mm-dd>` / `<ts>#<kind>#<nonce>`. */
export const receiptPk = (day: string) => `RECEIPT#${day}`;
export const receiptSk = (at: string, kind: string, nonce: string) => `${at}#${kind}#${nonce}`;
/** The sweep's checkpoint (last cleared day). */
/** Survey guard rails (N10): one counter item per Helsinki day, and the sender's pause. */
export const surveyCapKey = (day: string) => ({ pk: 'SURVEYCAP', sk: day }) as const;
export const SURVEY_PAUSE_KEY = { pk: 'SURVEYPAUSE', sk: 'STATE' } as const;

export const SWEEP_STATE_KEY = { pk: 'SWEEP', sk: 'STATE' } as const;

/**
 * An Amazon Connect call recording's match: `CONNECTREC#<sha-256 of its object key>` / `LINK`
 * holds the contact id it belongs to. The key is a hash, never the object's name (N17); the
 * item expires with the orphan rule (TTL `expiresAt`).
 */
export const connectRecordingLinkKey = (objectKeyHash: string) =>
  ({ pk: `CONNECTREC#${objectKeyHash}`, sk: 'LINK' }) as const;

/** The register of holds: one small item per held contact (sk = contact id), so listing needs no Scan. */
export const HOLDS_PK = 'HOLDS';

/** `EXPORT#<uuid>` / `STATE`: one subject-access export job (no number, nickname or pseudonym). */
export const exportPk = (exportId: string) => `EXPORT#${exportId}`;
export const EXPORT_STATE_SK = 'STATE';
export const exportJobKey = (exportId: string) => ({ pk: exportPk(exportId), sk: EXPORT_STATE_SK });

/** The expiry index's partitions: `EXP#<yyyy-mm-dd>` (Helsinki day). */
const EXP_PREFIX = 'EXP#';
export const expiryPk = (day: string) => `${EXP_PREFIX}${day}`;
/** The day of an expiry-index partition key; undefined for anything else. */
export function expiryDayOfPk(pk: unknown): string | undefined {
  return typeof pk === 'string' && pk.startsWith(EXP_PREFIX) ? pk.slice(EXP_PREFIX.length) : undefined;
}

/** Global secondary indexes. */
export const BY_SUBJECT_INDEX = 'bySubject'; // gsi1pk = SUBJECT#<hmac>, gsi1sk = startedAt ISO
export const BY_EXPIRY_INDEX = 'byExpiry'; // gsi2pk = EXP#<yyyy-mm-dd>, gsi2sk = expiresAt (number)

/** The attributes that carry the index keys. Only adapters write or read them. */
const SUBJECT_INDEX_ATTRIBUTES = ['gsi1pk', 'gsi1sk'] as const;
export const EXPIRY_INDEX_ATTRIBUTES = ['gsi2pk', 'gsi2sk'] as const;
export const INDEX_ATTRIBUTES = [...SUBJECT_INDEX_ATTRIBUTES, ...EXPIRY_INDEX_ATTRIBUTES] as const;

/** A contact's META on the `bySubject` index: the person's pseudonym and the contact's start. */
export const subjectIndex = (subjectKey: string, startedAt: string) => ({
  gsi1pk: subjectPk(subjectKey),
  gsi1sk: startedAt,
});
/** An audit entry about one contact, on the `bySubject` index under `AUDITOF#<contactId>`. */
export const auditOfIndex = (contactId: string, at: string) => ({ gsi1pk: auditOfPk(contactId), gsi1sk: at });
/** An item on the `byExpiry` index under `day`, sorted by its expiry (epoch s). */
export const expiryIndex = (day: string, expiresAt: number) => ({ gsi2pk: expiryPk(day), gsi2sk: expiresAt });

/** The item without its index attributes (e.g. to hand a stored record to a person). */
export function withoutIndexAttributes(item: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...item };
  for (const attribute of INDEX_ATTRIBUTES) delete rest[attribute];
  return rest;
}

/** The contacts table's key schema, shared by the CDK stack and local mode so they cannot drift. */
export const CONTACTS_TABLE_LAYOUT = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    {
      name: BY_SUBJECT_INDEX,
      partitionKey: SUBJECT_INDEX_ATTRIBUTES[0],
      sortKey: SUBJECT_INDEX_ATTRIBUTES[1],
      sortKeyType: 'S',
    },
    {
      name: BY_EXPIRY_INDEX,
      partitionKey: EXPIRY_INDEX_ATTRIBUTES[0],
      sortKey: EXPIRY_INDEX_ATTRIBUTES[1],
      sortKeyType: 'N',
    },
  ],
} as const;

/** Powertools idempotency records: key `id`, TTL `expiration`. */
export const IDEMPOTENCY_TABLE_LAYOUT = { partitionKey: 'id', ttlAttribute: 'expiration' } as const;
