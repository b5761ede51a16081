import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { AuditEntry, AuditLog } from './audit';
import { StoreUnavailableError } from './errors';

/**
 * The append-only audit trail (N7): one JSON object per entry in a bucket with S3 Object Lock
 * in **compliance** mode for the audit retention period (infra/constructs/audit-trail.ts), so no
 * function, ops role or account administrator can delete or overwrite an entry until it expires.
 * Keys hold a UTC day or a contact id, an ISO time and a uuid — never personal data:
 * `audit/<yyyy-mm-dd>/<at>_<id>.json`, and for single-contact entries also
 * `audit-of/<contactId>/<at>_<id>.json` (the per-contact listing).
 */
export class S3AuditLog implements AuditLog {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async write(entry: AuditEntry): Promise<void> {
    const body = JSON.stringify(entry);
    const name = `${entry.at}_${entry.id}.json`;
    const keys = [`audit/${entry.at.slice(0, 10)}/${name}`];
    if (entry.contactId) keys.push(`audit-of/${entry.contactId}/${name}`);
    try {
      for (const key of keys) {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            // Object Lock buckets need an integrity checksum on every write.
            ChecksumAlgorithm: 'SHA256',
          }),
        );
      }
    } catch (error) {
      throw new StoreUnavailableError('the audit trail could not be written', { cause: error });
    }
  }

  listDay(day: string): Promise<AuditEntry[]> {
    return this.list(`audit/${day}/`);
  }

  listContact(contactId: string): Promise<AuditEntry[]> {
    return this.list(`audit-of/${contactId}/`);
  }

  private async list(prefix: string): Promise<AuditEntry[]> {
    try {
      const keys: string[] = [];
      for await (const page of paginateListObjectsV2(
        { client: this.client },
        { Bucket: this.bucket, Prefix: prefix },
      )) {
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      }
      keys.sort();
      const entries: AuditEntry[] = [];
      for (let i = 0; i < keys.length; i += 16) {
        const batch = await Promise.all(
          keys.slice(i, i + 16).map(async (key) => {
            const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
            return JSON.parse((await out.Body?.transformToString()) ?? '{}') as AuditEntry;
          }),
        );
        entries.push(...batch);
      }
      return entries;
    } catch (error) {
      throw new StoreUnavailableError('the audit trail could not be read', { cause: error });
    }
  }
}

/**
 * Writes each entry to the append-only trail first (its failure stops the action) and then to
 * a convenience copy (the contacts table, as before); reads come from the append-only trail only,
 * so deleting or changing a copy changes nothing anyone reads.
 */
export class AppendOnlyAuditLog implements AuditLog {
  constructor(
    private readonly trail: AuditLog,
    private readonly copy?: AuditLog,
  ) {}

  async write(entry: AuditEntry): Promise<void> {
    await this.trail.write(entry);
    await this.copy?.write(entry);
  }

  listDay(day: string): Promise<AuditEntry[]> {
    return this.trail.listDay(day);
  }

  listContact(contactId: string): Promise<AuditEntry[]> {
    return this.trail.listContact(contactId);
  }
}
