import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, queryAll, readContacts } from '../kernel/dynamo-io';
import { isExpired } from '../kernel/expiry';
import {
  contactPk,
  LASTSURVEY_SK,
  OPTOUT_SK,
  SURVEY_PAUSE_KEY,
  SURVEY_SK,
  statsPk,
  statsSk,
  statsSkRange,
  subjectPk,
  surveyCapKey,
} from '../kernel/table-keys';
import {
  type LastSurvey,
  STAT_FIELDS,
  type StatField,
  type StatsRow,
  type SurveyState,
  type SurveyStatus,
  type SurveyStore,
} from './survey-store';

const SURVEY_FIELDS = [
  'contactId',
  'status',
  'scheduledAt',
  'notBefore',
  'queuedAt',
  'claimedAt',
  'sentAt',
  'messageId',
  'answeredAt',
  'reason',
  'statsDay',
  'serviceNumber',
  'expiresAt',
] as const satisfies readonly (keyof SurveyState)[];

/**
 * Surveys in the contacts table. Each state change is one conditional UpdateItem, so
 * concurrent deliveries and retries race on DynamoDB's condition check and exactly one wins.
 * `CONTACT#<id>/SURVEY` carries the contact's `expiresAt` (N13: it goes with the call).
 */
export class DynamoSurveyStore implements SurveyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSurvey(contactId: string, now = new Date()): Promise<SurveyState | undefined> {
    const item = await this.get(contactPk(contactId), SURVEY_SK);
    if (!item || isExpired(item, now)) return undefined;
    const state: Record<string, unknown> = {};
    for (const field of SURVEY_FIELDS) if (item[field] !== undefined) state[field] = item[field];
    return state as unknown as SurveyState;
  }

  async createSurvey(state: SurveyState): Promise<boolean> {
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    const sets: string[] = [];
    for (const field of SURVEY_FIELDS) {
      if (state[field] === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = state[field];
      sets.push(`#${field} = :${field}`);
    }
    return this.update({
      Key: { pk: contactPk(state.contactId), sk: SURVEY_SK },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  retakeSchedule(contactId: string, staleScheduledAt: string, now: Date): Promise<boolean> {
    return this.update({
      Key: { pk: contactPk(contactId), sk: SURVEY_SK },
      UpdateExpression: 'SET scheduledAt = :now',
      ConditionExpression: '#status = :scheduled AND scheduledAt = :stale AND attribute_not_exists(queuedAt)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':now': now.toISOString(),
        ':scheduled': 'scheduled',
        ':stale': staleScheduledAt,
      },
    });
  }

  async markQueued(contactId: string, at: Date): Promise<void> {
    await this.update({
      Key: { pk: contactPk(contactId), sk: SURVEY_SK },
      UpdateExpression: 'SET queuedAt = if_not_exists(queuedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at.toISOString() },
    });
  }

  claimSend(
    contactId: string,
    at: Date,
    stats: { statsDay: string; serviceNumber: string },
  ): Promise<boolean> {
    return this.transition(contactId, ['scheduled'], 'sending', {
      claimedAt: at.toISOString(),
      ...stats,
    });
  }

  async releaseSend(contactId: string): Promise<void> {
    await this.transition(contactId, ['sending'], 'scheduled', {});
  }

  async markSent(contactId: string, at: Date, messageId: string): Promise<void> {
    await this.transition(contactId, ['sending'], 'sent', { sentAt: at.toISOString(), messageId });
  }

  markEnded(
    contactId: string,
    status: 'dropped' | 'failed',
    reason: string,
    from: SurveyStatus[],
  ): Promise<boolean> {
    return this.transition(contactId, from, status, { reason });
  }

  markAnswered(contactId: string, at: Date): Promise<boolean> {
    return this.transition(contactId, ['sent', 'sending'], 'answered', { answeredAt: at.toISOString() });
  }

  async isOptedOut(subjectKey: string): Promise<boolean> {
    return (await this.get(subjectPk(subjectKey), OPTOUT_SK)) !== undefined;
  }

  optOut(subjectKey: string, at: Date): Promise<boolean> {
    return this.update({
      Key: { pk: subjectPk(subjectKey), sk: OPTOUT_SK },
      UpdateExpression: 'SET optedOutAt = :at',
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeValues: { ':at': at.toISOString() },
    });
  }

  async lastSurvey(subjectKey: string, now = new Date()): Promise<LastSurvey | undefined> {
    const item = await this.get(subjectPk(subjectKey), LASTSURVEY_SK);
    if (!item || isExpired(item, now)) return undefined;
    return { contactId: String(item.contactId), sentAt: String(item.sentAt) };
  }

  async claimDailySlot(day: string, cap: number, now: Date): Promise<boolean> {
    // Kept a few days after the day, for the report and the alarm's look-back.
    const expiresAt = Math.floor(now.getTime() / 1000) + 7 * 86_400;
    const claimed = await this.update({
      Key: surveyCapKey(day),
      UpdateExpression: 'SET expiresAt = :expiresAt ADD #sent :one',
      ConditionExpression: 'attribute_not_exists(#sent) OR #sent < :cap',
      ExpressionAttributeNames: { '#sent': 'sent' },
      ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expiresAt': expiresAt },
    });
    if (!claimed) {
      await this.update({
        Key: surveyCapKey(day),
        UpdateExpression: 'SET expiresAt = :expiresAt ADD #skipped :one',
        ExpressionAttributeNames: { '#skipped': 'skipped' },
        ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiresAt },
      });
    }
    return claimed;
  }

  async pausedUntil(now: Date): Promise<Date | undefined> {
    const item = await this.get(SURVEY_PAUSE_KEY.pk, SURVEY_PAUSE_KEY.sk);
    const until = typeof item?.until === 'string' ? new Date(item.until) : undefined;
    return until && until.getTime() > now.getTime() ? until : undefined;
  }

  async pause(until: Date, reason: string): Promise<void> {
    await this.update({
      Key: SURVEY_PAUSE_KEY,
      UpdateExpression: 'SET #until = :until, #reason = :reason, expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#until': 'until', '#reason': 'reason' },
      ExpressionAttributeValues: {
        ':until': until.toISOString(),
        ':reason': reason,
        ':expiresAt': Math.floor(until.getTime() / 1000) + 86_400,
      },
    });
  }

  claimLastSurvey(
    subjectKey: string,
    survey: LastSurvey & { cutoff: Date; expiresAt: number },
  ): Promise<boolean> {
    return this.update({
      Key: { pk: subjectPk(subjectKey), sk: LASTSURVEY_SK },
      UpdateExpression: 'SET contactId = :contactId, sentAt = :sentAt, expiresAt = :expiresAt',
      ConditionExpression:
        'attribute_not_exists(pk) OR contactId = :contactId OR sentAt < :cutoff OR expiresAt <= :nowSeconds',
      ExpressionAttributeValues: {
        ':contactId': survey.contactId,
        ':sentAt': survey.sentAt,
        ':expiresAt': survey.expiresAt,
        ':cutoff': survey.cutoff.toISOString(),
        ':nowSeconds': Math.floor(Date.parse(survey.sentAt) / 1000),
      },
    });
  }

  async addStats(day: string, serviceNumber: string, counts: Partial<Record<StatField, number>>) {
    const entries = Object.entries(counts).filter(([, n]) => n);
    if (entries.length === 0) return;
    await this.update({
      Key: { pk: statsPk(day.slice(0, 7)), sk: statsSk(day, serviceNumber) },
      UpdateExpression: `SET #day = :day, #service = :service ADD ${entries.map(([f]) => `#${f} :${f}`).join(', ')}`,
      ExpressionAttributeNames: {
        '#day': 'day',
        '#service': 'serviceNumber',
        ...Object.fromEntries(entries.map(([f]) => [`#${f}`, f])),
      },
      ExpressionAttributeValues: {
        ':day': day,
        ':service': serviceNumber,
        ...Object.fromEntries(entries.map(([f, n]) => [`:${f}`, n])),
      },
    });
  }

  async readStats(fromDay: string, toDay: string): Promise<StatsRow[]> {
    const rows: StatsRow[] = [];
    const range = statsSkRange(fromDay, toDay);
    for (const month of monthsBetween(fromDay, toDay)) {
      const items = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': statsPk(month), ':from': range.from, ':to': range.to },
      });
      for (const item of items) {
        const counts: Partial<Record<StatField, number>> = {};
        for (const field of STAT_FIELDS) if (typeof item[field] === 'number') counts[field] = item[field];
        rows.push({ day: String(item.day), serviceNumber: String(item.serviceNumber), counts });
      }
    }
    return rows;
  }

  private transition(
    contactId: string,
    from: SurveyStatus[],
    to: SurveyStatus,
    fields: Record<string, string>,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':to': to };
    const sets = ['#status = :to'];
    for (const [field, value] of Object.entries(fields)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    from.forEach((status, i) => {
      values[`:from${i}`] = status;
    });
    return this.update({
      Key: { pk: contactPk(contactId), sk: SURVEY_SK },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  /** A conditional update: false when the condition failed (someone else got there first). */
  private update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    return conditionalWrite(() =>
      this.client.send(new UpdateCommand({ TableName: this.tableName, ...input })),
    );
  }

  private async get(pk: string, sk: string) {
    const out = await readContacts(() =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true })),
    );
    return out.Item;
  }
}

/** yyyy-mm of every month from..to inclusive. */
export function monthsBetween(fromDay: string, toDay: string): string[] {
  const months: string[] = [];
  let [year, month] = fromDay.slice(0, 7).split('-').map(Number) as [number, number];
  const last = toDay.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) break;
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
