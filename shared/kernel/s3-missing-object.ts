import { ListObjectsV2Command, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';

/**
 * Whether a failed read or copy failed because the object is not there. S3 answers a missing key
 * with 404 (NoSuchKey) only to a caller allowed to list the bucket; the functions' ListBucket grants
 * are limited to their own prefixes (`s3:prefix` conditions), and whether S3 counts such a grant
 * for that decision is not documented, so a 403 is settled by listing the exact key, which those
 * grants do allow. Anything else (throttling, a real denial) is not "missing": the caller rethrows.
 */
export async function isMissingObject(
  s3: S3Client,
  bucket: string,
  key: string,
  error: unknown,
): Promise<boolean> {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (error instanceof NoSuchKey || e.name === 'NoSuchKey' || e.name === 'NotFound') return true;
  if (e.name !== 'AccessDenied' && e.$metadata?.httpStatusCode !== 403) return false;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
  return !listed.Contents?.some((object) => object.Key === key);
}
