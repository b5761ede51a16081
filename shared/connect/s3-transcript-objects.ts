import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isMissingObject } from '../kernel/s3-missing-object';
import { MalformedTranscriptError, TRANSCRIPT_MAX_BYTES } from './transcript';
import type { TranscriptObjects } from './transcript-handler';

/** The chat transcripts Connect writes into the recordings bucket. */
export class S3TranscriptObjects implements TranscriptObjects {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async read(key: string): Promise<string | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if ((out.ContentLength ?? 0) > TRANSCRIPT_MAX_BYTES) {
        throw new MalformedTranscriptError([`the object is larger than ${TRANSCRIPT_MAX_BYTES} bytes`]);
      }
      return (await out.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if (error instanceof MalformedTranscriptError) throw error;
      if (await isMissingObject(this.s3, this.bucket, key, error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
