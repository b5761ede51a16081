import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadUrlSigner } from './intake';

/**
 * Presigned S3 PUTs for pushed recordings. Content-Type and Content-Length are signed headers:
 * an upload with another type or size is refused by S3 itself. The bucket's default SSE-KMS
 * encryption applies to the object.
 */
export class S3RecordingUploadSigner implements UploadUrlSigner {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  presignPut(key: string, contentType: string, size: number, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size }),
      { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
    );
  }
}
