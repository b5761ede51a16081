import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite, readContacts, writeContacts } from '../kernel/dynamo-io';
import { StoreUnavailableError } from '../kernel/errors';
import { exportJobKey } from '../kernel/table-keys';
import type { ExportJob, ExportJobStore } from './export';

/**
 * Export jobs in the contacts table, kept a few days by TTL (`expiresAt`; not on the expiry
 * index, so the sweep never looks at them). Every state change is a conditional UpdateItem, so
 * a late or duplicate run can never overwrite a finished job.
 */
export class DynamoExportJobs implements ExportJobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(exportId: string) {
    return exportJobKey(exportId);
  }

  async create(job: ExportJob): Promise<void> {
    await writeContacts(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(job.exportId), ...job },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(exportId: string): Promise<ExportJob | undefined> {
    const out = await readContacts(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: this.key(exportId), ConsistentRead: true }),
      ),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...job } = out.Item;
    return job as ExportJob;
  }

  claim(exportId: string, runId: string, at: string): Promise<boolean> {
    return this.conditional({
      update: 'SET #status = :running, runId = :run, updatedAt = :at',
      condition: '#status = :queued',
      values: { ':running': 'running', ':queued': 'queued', ':run': runId, ':at': at },
      exportId,
    });
  }

  progress(
    exportId: string,
    runId: string,
    progress: Pick<ExportJob, 'contacts' | 'recordings' | 'bytes'>,
    at: string,
  ): Promise<boolean> {
    return this.conditional({
      update: 'SET contacts = :c, recordings = :r, #bytes = :b, updatedAt = :at',
      condition: '#status = :running AND runId = :run',
      values: {
        ':c': progress.contacts,
        ':r': progress.recordings,
        ':b': progress.bytes,
        ':at': at,
        ':running': 'running',
        ':run': runId,
      },
      exportId,
    });
  }

  async finish(
    exportId: string,
    runId: string,
    result: Required<
      Pick<ExportJob, 'key' | 'size' | 'files' | 'skipped' | 'contacts' | 'recordings' | 'bytes'>
    >,
    at: string,
  ): Promise<void> {
    const done = await this.conditional({
      update:
        'SET #status = :done, #key = :key, #size = :size, files = :files, skipped = :skipped, contacts = :c, recordings = :r, #bytes = :b, updatedAt = :at',
      condition: '#status = :running AND runId = :run',
      values: {
        ':done': 'done',
        ':key': result.key,
        ':size': result.size,
        ':files': result.files,
        ':skipped': result.skipped,
        ':c': result.contacts,
        ':r': result.recordings,
        ':b': result.bytes,
        ':at': at,
        ':running': 'running',
        ':run': runId,
      },
      exportId,
    });
    if (!done) throw new StoreUnavailableError('the export job changed while it was being finished');
  }

  async fail(exportId: string, message: string, at: string): Promise<void> {
    await this.conditional({
      update: 'SET #status = :failed, #error = :error, updatedAt = :at REMOVE runId',
      condition: 'attribute_exists(pk) AND #status <> :done',
      values: { ':failed': 'failed', ':error': message, ':at': at, ':done': 'done' },
      exportId,
    });
  }

  /** An UpdateItem under a condition; false when the condition does not hold. */
  private conditional(input: {
    exportId: string;
    update: string;
    condition: string;
    values: Record<string, unknown>;
  }): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    for (const name of ['key', 'size', 'bytes', 'error']) {
      if (input.update.includes(`#${name}`)) names[`#${name}`] = name;
    }
    return conditionalWrite(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(input.exportId),
          UpdateExpression: input.update,
          ConditionExpression: input.condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: input.values,
        }),
      ),
    );
  }
}
