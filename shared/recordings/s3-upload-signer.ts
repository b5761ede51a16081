import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadUrlRequest, UploadUrlSigner } from './intake';

/**
 * Presigned S3 PUTs for pushed recordings. Signed headers: Content-Type and Content-Length (S3
 * refuses another type or size), `If-None-Match: *` (a conditional write: S3 answers 412 when the
 * key already holds an object, so a reused URL cannot replace a recording), and, when the
 * platform gave one, `x-amz-checksum-sha256` (S3 refuses other bytes). The checksum stays a
 * header rather than a query parameter so that S3 checks it against the body. The bucket's
 * default SSE-KMS encryption applies to the object.
 */
export class S3RecordingUploadSigner implements UploadUrlSigner {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignPut(request: UploadUrlRequest): Promise<{ url: string; headers: Record<string, string> }> {
    const headers: Record<string, string> = {
      'content-type': request.contentType,
      'content-length': String(request.size),
      'if-none-match': '*',
    };
    if (request.sha256)
      headers['x-amz-checksum-sha256'] = Buffer.from(request.sha256, 'hex').toString('base64');
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: request.key,
        ContentType: request.contentType,
        ContentLength: request.size,
        IfNoneMatch: '*',
        ...(request.sha256 ? { ChecksumSHA256: headers['x-amz-checksum-sha256'] } : {}),
      }),
      {
        expiresIn: request.expiresInSeconds,
        signableHeaders: new Set(Object.keys(headers)),
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      },
    );
    return { url, headers };
  }
}
