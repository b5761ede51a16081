import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from './errors';
import { expiryIndexDay } from './expiry';
import { contactPk, expiryIndex, META, subjectIndex } from './table-keys';

/**
 * The error rules every contacts-table adapter follows: an SDK failure becomes
 * StoreUnavailableError (503, retry) and a failed condition is an answer, not an error.
 */
export async function readContacts<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw new StoreUnavailableError('the contacts table could not be read', { cause: error });
  }
}

export async function writeContacts<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw new StoreUnavailableError('the contacts table could not be written', { cause: error });
  }
}

/** A conditional write: false when its condition failed (someone else got there first). */
export async function conditionalWrite(op: () => Promise<unknown>): Promise<boolean> {
  try {
    await op();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw new StoreUnavailableError('the contacts table could not be written', { cause: error });
  }
}

export interface MetaFieldsUpdate {
  /** The attributes this writer owns; undefined values are left as they are. */
  fields: Record<string, unknown>;
  /** The META version read before merging; undefined = the item must not exist yet. */
  expectedVersion: number | undefined;
  /** Pseudonym of the person, for the bySubject index (with `startedAt`). */
  subjectKey?: string;
  startedAt?: string;
  /** The contact's expiry for the byExpiry index; omitted while the contact is on hold. */
  expiry?: { expiresOn?: string; expiresAt?: number };
  /** The write's time: the index day is never before its Helsinki day (expiryIndexDay). */
  now?: Date;
}

/**
 * The one way webhooks write a contact's META item: SET only the writer's own attributes (and
 * the index keys derived from them), `ADD version :one`, on condition that the version is still
 * the one read. False means another writer got in between: re-read, re-merge, retry.
 */
function saveMetaFields(
  client: DynamoDBDocumentClient,
  tableName: string,
  contactId: string,
  update: MetaFieldsUpdate,
): Promise<boolean> {
  const values: Record<string, unknown> = { ':one': 1 };
  const names: Record<string, string> = { '#version': 'version' };
  const sets: string[] = [];
  const set = (attr: string, value: unknown) => {
    if (value === undefined) return;
    names[`#${attr}`] = attr;
    values[`:${attr}`] = value;
    sets.push(`#${attr} = :${attr}`);
  };
  for (const [attr, value] of Object.entries(update.fields)) set(attr, value);
  const indexes = {
    ...(update.subjectKey && update.startedAt ? subjectIndex(update.subjectKey, update.startedAt) : {}),
    // N13: a record already due is listed under today, never behind the sweep's checkpoint.
    ...(update.expiry?.expiresOn && update.expiry.expiresAt !== undefined
      ? expiryIndex(expiryIndexDay(update.expiry.expiresOn, update.now), update.expiry.expiresAt)
      : {}),
  };
  for (const [attr, value] of Object.entries(indexes)) set(attr, value);
  let condition = 'attribute_not_exists(pk)';
  if (update.expectedVersion !== undefined) {
    condition = '#version = :expected';
    values[':expected'] = update.expectedVersion;
  }
  return conditionalWrite(() =>
    client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: contactPk(contactId), sk: META },
        UpdateExpression: `SET ${sets.join(', ')} ADD #version :one`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    ),
  );
}

/** The defined values of `fields` in `source`. */
export function pick(source: object, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = (source as Record<string, unknown>)[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/**
 * Every item a query matches, page after page (for partitions that are small by design); a
 * failed read is StoreUnavailableError like any other.
 */
export function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  return readContacts(async () => {
    const items: Record<string, unknown>[] = [];
    // The paginator writes its cursor into the input it is given: give it a copy.
    for await (const page of paginateQuery({ client }, { ...input })) items.push(...(page.Items ?? []));
    return items;
  });
}

/** A contact's META item, read consistently; undefined when there is none. */
export async function getMetaItem(
  client: DynamoDBDocumentClient,
  tableName: string,
  contactId: string,
): Promise<Record<string, unknown> | undefined> {
  const out = await readContacts(() =>
    client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: contactPk(contactId), sk: META },
        ConsistentRead: true,
      }),
    ),
  );
  return out.Item;
}

/** A stored META record of `kind` with its version; undefined when there is none (or another kind). */
export async function getMetaRecord<R>(
  client: DynamoDBDocumentClient,
  tableName: string,
  contactId: string,
  kind: string,
  toRecord: (item: Record<string, unknown>) => R,
): Promise<{ record: R; version: number } | undefined> {
  const item = await getMetaItem(client, tableName, contactId);
  if (item?.kind !== kind) return undefined;
  return { record: toRecord(item), version: Number(item.version ?? 0) };
}

/** What saveContactRecord needs of a call or chat record. */
interface ContactRecordShape {
  contactId: string;
  startedAt?: string;
  expiresOn?: string;
  expiresAt?: number;
  hold?: unknown;
}

/**
 * saveMetaFields for a whole call or chat record: the fields its writer owns, its subject index,
 * and its expiry index unless it is on hold (N9).
 */
export function saveContactRecord(
  client: DynamoDBDocumentClient,
  tableName: string,
  record: ContactRecordShape,
  ownFields: readonly string[],
  options: { expectedVersion: number | undefined; subjectKey?: string; now?: Date },
): Promise<boolean> {
  return saveMetaFields(client, tableName, record.contactId, {
    fields: pick(record, ownFields),
    ...options,
    startedAt: record.startedAt,
    expiry: record.hold ? undefined : record,
  });
}
