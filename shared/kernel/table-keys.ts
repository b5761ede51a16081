/**
 * The single-table key layout (see docs/data-model.md). Keys carry contact ids, days and
 * pseudonyms only — never a phone number, nickname or text.
 */
export const contactPk = (contactId: string) => `CONTACT#${contactId}`;
export const META = 'META';
export const subjectPk = (subjectKey: string) => `SUBJECT#${subjectKey}`;
export const expiryPk = (day: string) => `EXP#${day}`;

/** Global secondary indexes. */
export const BY_SUBJECT_INDEX = 'bySubject'; // gsi1pk = SUBJECT#<hmac>, gsi1sk = startedAt ISO
export const BY_EXPIRY_INDEX = 'byExpiry'; // gsi2pk = EXP#<yyyy-mm-dd>, gsi2sk = expiresAt (number)

/** The contacts table's key schema, shared by the CDK stack and local mode so they cannot drift. */
export const CONTACTS_TABLE_LAYOUT = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: BY_SUBJECT_INDEX, partitionKey: 'gsi1pk', sortKey: 'gsi1sk', sortKeyType: 'S' },
    { name: BY_EXPIRY_INDEX, partitionKey: 'gsi2pk', sortKey: 'gsi2sk', sortKeyType: 'N' },
  ],
} as const;

/** Powertools idempotency records: key `id`, TTL `expiration`. */
export const IDEMPOTENCY_TABLE_LAYOUT = { partitionKey: 'id', ttlAttribute: 'expiration' } as const;
