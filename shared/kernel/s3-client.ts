import { S3Client } from '@aws-sdk/client-s3';
import { tracer } from './observability';
import { OBJECT_TRANSFER_TIMEOUTS } from './sdk-timeouts';

/** S3 (see kernel/dynamo-client.ts for how clients are made). */
let s3: S3Client | undefined;

/** S3, path-style when an endpoint override is set (local mode's s3rver needs it). */
export function s3Client(): S3Client {
  s3 ??= tracer.captureAWSv3Client(
    new S3Client({
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
      requestHandler: OBJECT_TRANSFER_TIMEOUTS,
    }),
  );
  return s3;
}

let s3Presign: S3Client | undefined;

/**
 * S3 for presigned URLs: checksums only when required, so a presigned PUT does not pin a
 * checksum of an empty body that the uploader's bytes could never match.
 */
export function s3PresignClient(): S3Client {
  s3Presign ??= new S3Client({
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return s3Presign;
}
