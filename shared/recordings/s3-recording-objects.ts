import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isMissingObject } from '../kernel/s3-missing-object';
import { HEAD_BYTES, TAIL_BYTES } from './format';
import type { ObjectInspection, RecordingObjects } from './landed';

/**
 * The recordings bucket for the landed function: one streaming GET computes the SHA-256 and
 * keeps only the first HEAD_BYTES and last TAIL_BYTES, so memory stays flat for any size.
 */
export class S3RecordingObjects implements RecordingObjects {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async inspect(key: string): Promise<ObjectInspection | undefined> {
    let body: Readable;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = out.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
    const hash = createHash('sha256');
    const headParts: Buffer[] = [];
    let headLength = 0;
    let tail: Buffer = Buffer.alloc(0);
    let size = 0;
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
      if (headLength < HEAD_BYTES) {
        const take = bytes.subarray(0, HEAD_BYTES - headLength);
        headParts.push(take);
        headLength += take.length;
      }
      tail =
        bytes.length >= TAIL_BYTES
          ? bytes.subarray(bytes.length - TAIL_BYTES)
          : Buffer.concat([tail, bytes]).subarray(-TAIL_BYTES);
    }
    return { size, sha256: hash.digest('hex'), head: Buffer.concat(headParts, headLength), tail };
  }

  /** One server-side copy within the bucket (same KMS key); the source key URL-encoded per segment. */
  private copyObject(from: string, to: string, conditions: { IfNoneMatch?: string } = {}) {
    return this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        CopySource: `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
        Key: to,
        ...conditions,
      }),
    );
  }

  /** Server-side copy (same bucket, same KMS key); false when the source is gone. */
  async copy(from: string, to: string): Promise<boolean> {
    try {
      await this.copyObject(from, to);
      return true;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return false;
      throw error;
    }
  }

  /**
   * A server-side copy that never replaces an object already at `to` (the bucket is not
   * versioned, so a replaced recording would be gone). Create-only on S3 (If-None-Match, 412 when
   * `to` exists, also against a concurrent copy); the listing first answers the same for stores
   * that ignore the condition, with the ListBucket grant a hand-over already has.
   */
  async copyIfAbsent(from: string, to: string): Promise<'copied' | 'source-gone' | 'target-exists'> {
    const listed = await this.s3.send(
      new ListObjectsV2Command({ Bucket: this.bucket, Prefix: to, MaxKeys: 1 }),
    );
    if (listed.Contents?.some((object) => object.Key === to)) return 'target-exists';
    try {
      await this.copyObject(from, to, { IfNoneMatch: '*' });
      return 'copied';
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'PreconditionFailed' || e.$metadata?.httpStatusCode === 412) return 'target-exists';
      if (await isMissingObject(this.s3, this.bucket, from, error)) return 'source-gone';
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
