import {
  CopyObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3RecordingObjects } from '../../../shared/recordings/s3-recording-objects';

const s3 = mockClient(S3Client);
const from = 'connect/call-recordings/2026/11/29/c_20261129T1000_UTC.wav';
const to = 'recordings/call-0123456789abcdef0123456789abcdef/2026-11-29-1.wav';
const objects = () => new S3RecordingObjects(new S3Client({}), 'recordings');

describe('S3RecordingObjects.copyIfAbsent (the Connect hand-over)', () => {
  beforeEach(() => s3.reset());

  it('copies create-only when nothing is at the target', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    s3.on(CopyObjectCommand).resolves({});
    await expect(objects().copyIfAbsent(from, to)).resolves.toBe('copied');
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({ Key: to, IfNoneMatch: '*' });
  });

  it('N9: never copies over an object already at the target', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: to }] });
    await expect(objects().copyIfAbsent(from, to)).resolves.toBe('target-exists');
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });

  it("N9: a target created meanwhile (S3's 412) is not overwritten", async () => {
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(CopyObjectCommand).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
      }),
    );
    await expect(objects().copyIfAbsent(from, to)).resolves.toBe('target-exists');
  });

  it('reads a missing source as gone', async () => {
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(CopyObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));
    await expect(objects().copyIfAbsent(from, to)).resolves.toBe('source-gone');
  });

  // S3 answers 403, not 404, for a missing key when it does not count the caller's prefix-limited
  // ListBucket grant; listing the exact key (which that grant allows) settles it.
  const denied = () =>
    new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });

  it('reads a 403 for a source that is not listed as gone', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    s3.on(CopyObjectCommand).rejects(denied());
    await expect(objects().copyIfAbsent(from, to)).resolves.toBe('source-gone');
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix)).toEqual([to, from]);
  });

  it('rethrows a 403 for a source that is there (a real denial)', async () => {
    s3.on(ListObjectsV2Command, { Prefix: to }).resolves({ Contents: [] });
    s3.on(ListObjectsV2Command, { Prefix: from }).resolves({ Contents: [{ Key: from }] });
    s3.on(CopyObjectCommand).rejects(denied());
    await expect(objects().copyIfAbsent(from, to)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
