import { PassThrough } from 'node:stream';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { StoreUnavailableError } from '../kernel/errors';
import { S3ContactObjects } from '../retention/s3-contact-objects';
import { EXPORT_PART_BYTES, type ExportObjects, type ExportUpload, RecordingMissingError } from './export';

/**
 * 5 MiB parts (EXPORT_PART_BYTES; 10,000 of them cap a bundle: MAX_EXPORT_BYTES), two in flight:
 * the export's memory stays flat whatever the bundle's size.
 */
export { EXPORT_PART_BYTES };
export const EXPORT_QUEUE_SIZE = 2;

/**
 * The bucket as the subject export uses it: the contact's objects (normal or held), each read
 * as a stream, and the bundle written as a multipart upload from a stream (lib-storage).
 */
export class S3ExportObjects implements ExportObjects {
  private readonly contacts: S3ContactObjects;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {
    this.contacts = new S3ContactObjects(client, bucket);
  }

  contactObjects(contactId: string): Promise<{ key: string; size: number }[]> {
    return this.contacts.contactObjects(contactId);
  }

  async openRead(key: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) throw new RecordingMissingError(key);
      return out.Body as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (error instanceof RecordingMissingError) throw error;
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') {
        throw new RecordingMissingError(key);
      }
      throw new StoreUnavailableError('the recordings bucket could not be read', { cause: error });
    }
  }

  openUpload(key: string, contentType: string): ExportUpload {
    const body = new PassThrough({ highWaterMark: 1024 * 1024 });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: EXPORT_PART_BYTES,
      queueSize: EXPORT_QUEUE_SIZE,
      leavePartsOnError: false,
    });
    const done = upload.done().then(
      () => undefined,
      (error: unknown) => {
        throw new StoreUnavailableError('the export bundle could not be written', { cause: error });
      },
    );
    return { body, done, abort: () => upload.abort() };
  }

  presignGet(key: string, seconds: number, downloadName?: string): Promise<string> {
    return this.contacts.presignGet(key, seconds, downloadName);
  }
}
