import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { StoreUnavailableError } from '../kernel/errors';
import { EXPORTS_PREFIX, holdsPrefix, recordingsPrefix } from '../kernel/object-keys';
import type { ContactObjects } from './sweep';

export interface StoredObject {
  key: string;
  size: number;
  lastModified?: Date;
}

/**
 * A contact's objects in the recordings bucket: `recordings/<id>/…` normally, `holds/<id>/…`
 * while on hold (outside the lifecycle rule), and the short-lived `exports/` area.
 */
export class S3ContactObjects implements ContactObjects {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    do {
      const out = await this.call(() =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        ),
      );
      for (const o of out.Contents ?? []) {
        if (o.Key) objects.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified });
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  /** Every object of a contact, wherever it is (normal or held); both prefixes listed at once. */
  async contactObjects(contactId: string): Promise<StoredObject[]> {
    const [recorded, held] = await Promise.all([
      this.list(recordingsPrefix(contactId)),
      this.list(holdsPrefix(contactId)),
    ]);
    return [...recorded, ...held];
  }

  async deleteContactObjects(contactId: string): Promise<number> {
    const keys = (await this.contactObjects(contactId)).map((o) => o.key);
    await this.deleteKeys(keys);
    return keys.length;
  }

  async purgeExports(olderThan: Date): Promise<number> {
    const old = (await this.list(EXPORTS_PREFIX)).filter(
      (o) => o.lastModified !== undefined && o.lastModified < olderThan,
    );
    await this.deleteKeys(old.map((o) => o.key));
    return old.length;
  }

  async deleteKeys(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const out = await this.call(() =>
        this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      );
      if (out.Errors?.length) {
        throw new StoreUnavailableError(`${out.Errors.length} objects could not be deleted; run again`);
      }
    }
  }

  /** Server-side copy; the source stays until deleted. */
  async copy(from: string, to: string): Promise<void> {
    await this.call(() =>
      this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          CopySource: `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
          Key: to,
        }),
      ),
    );
  }

  /** A presigned GET for `key`, valid `seconds` (N11: short-lived links only). */
  async presignGet(key: string, seconds: number, downloadName?: string): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(downloadName ? { ResponseContentDisposition: `attachment; filename="${downloadName}"` } : {}),
      }),
      { expiresIn: seconds },
    );
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      throw new StoreUnavailableError('the recordings bucket could not be reached', { cause: error });
    }
  }
}
