import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3TranscriptObjects } from '../../../shared/connect/s3-transcript-objects';
import { TRANSCRIPT_MAX_BYTES } from '../../../shared/connect/transcript';

const s3 = mockClient(S3Client);
const key = 'connect/chat-transcripts/2026/11/29/c_20261129T1000_UTC.json';
const objects = () => new S3TranscriptObjects(new S3Client({}), 'recordings');
const body = (text: string) => ({ transformToString: async () => text }) as never;

describe('S3TranscriptObjects', () => {
  beforeEach(() => s3.reset());

  it("reads the object's text", async () => {
    s3.on(GetObjectCommand, { Bucket: 'recordings', Key: key }).resolves({
      ContentLength: 2,
      Body: body('{}'),
    });
    await expect(objects().read(key)).resolves.toBe('{}');
  });

  it('reads a missing object (already stored and deleted) as undefined', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));
    await expect(objects().read(key)).resolves.toBeUndefined();
  });

  const denied = () =>
    new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });

  it('reads a 403 for an object that is not listed (a redelivered event) as undefined', async () => {
    s3.on(GetObjectCommand).rejects(denied());
    s3.on(ListObjectsV2Command, { Bucket: 'recordings', Prefix: key }).resolves({ Contents: [] });
    await expect(objects().read(key)).resolves.toBeUndefined();
  });

  it('rethrows a 403 for an object that is there (a real denial)', async () => {
    s3.on(GetObjectCommand).rejects(denied());
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: key }] });
    await expect(objects().read(key)).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('rejects an object far larger than any transcript without reading it', async () => {
    s3.on(GetObjectCommand).resolves({ ContentLength: TRANSCRIPT_MAX_BYTES + 1, Body: body('x') });
    await expect(objects().read(key)).rejects.toMatchObject({
      name: 'MalformedTranscriptError',
      message: `not an Amazon Connect chat transcript: the object is larger than ${TRANSCRIPT_MAX_BYTES} bytes`,
    });
  });

  it('fails with the SDK error when S3 is unavailable (Lambda retries the event)', async () => {
    s3.on(GetObjectCommand).rejects(new Error('ServiceUnavailable'));
    await expect(objects().read(key)).rejects.toThrow('ServiceUnavailable');
  });

  it('deletes the object', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await objects().delete(key);
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'recordings',
      Key: key,
    });
  });
});
