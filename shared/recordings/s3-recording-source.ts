import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NotAudioError, RecordingTooLargeError, SourceFetchError, SourceRefusedError } from './errors';
import type { PulledRecording, RecordingSource } from './fetch';
import { type AudioFormatInfo, HEAD_BYTES, isAudio, sniffAudio } from './format';
import { checkSourceUrl, mayConnect, type SourcePolicy } from './source-policy';

export interface HttpRecordingSourceOptions {
  s3: S3Client;
  bucket: string;
  policy: SourcePolicy;
  maxBytes: number;
  /**
   * Extra request headers for an origin (`https://host[:port]`, e.g. Authorization from Secrets
   * Manager); sent to that exact origin (scheme + host + port) only, never across a redirect.
   */
  credentials?: (origin: string) => Promise<Record<string, string> | undefined>;
  connectTimeoutMs?: number;
  /** No byte for this long = a stalled transfer. */
  idleTimeoutMs?: number;
  /** The whole transfer must finish within this; keep it under the function's timeout. */
  totalTimeoutMs?: number;
  maxRedirects?: number;
  /** Multipart part size and parallel part uploads: memory is about partSize x (queueSize + 1). */
  partSize?: number;
  queueSize?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const TRANSIENT_STATUS = new Set([408, 425, 429]);

/**
 * Pulls a provider's recording over HTTPS and streams it into S3 with a multipart upload:
 * memory stays flat (a few parts) whatever the size. The source policy is enforced on every
 * hop: allow-listed https URLs only, redirects re-checked (at most `maxRedirects`), and the
 * resolved address checked at connect time (no loopback/private/link-local, no DNS rebinding).
 * The first bytes must be audio before anything is written; the size cap holds whether or not
 * the provider sends Content-Length.
 */
/** Multipart defaults: S3's minimum part size, four parts in flight (memory ≈ 5 MiB × 5). */
export const PULL_PART_BYTES = 5 * 1024 * 1024;
export const PULL_PARALLEL_PARTS = 4;

export class HttpRecordingSource implements RecordingSource {
  constructor(private readonly options: HttpRecordingSourceOptions) {}

  async pull(
    url: URL,
    keyFor: (format: AudioFormatInfo) => string,
    headers?: Record<string, string>,
  ): Promise<PulledRecording> {
    const { maxBytes, totalTimeoutMs = 12 * 60_000 } = this.options;
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new SourceFetchError(`transfer took longer than ${totalTimeoutMs} ms`, true)),
      totalTimeoutMs,
    );
    try {
      const response = await this.open(
        url,
        url.origin,
        this.options.maxRedirects ?? 3,
        abort.signal,
        headers,
      );
      const declared = Number(response.headers['content-length'] ?? Number.NaN);
      if (declared > maxBytes) {
        response.destroy();
        throw new RecordingTooLargeError(maxBytes, declared);
      }
      const chunks = response[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const head = await readHead(chunks, HEAD_BYTES);
      const sniffed = sniffAudio(head);
      if (!isAudio(sniffed)) {
        response.destroy();
        throw new NotAudioError(sniffed.notAudio);
      }
      if (head.length > maxBytes) throw new RecordingTooLargeError(maxBytes, head.length);

      const key = keyFor(sniffed);
      let size = head.length;
      async function* body() {
        if (head.length) yield head;
        for (;;) {
          const next = await chunks.next();
          if (next.done) return;
          size += next.value.length;
          if (size > maxBytes) throw new RecordingTooLargeError(maxBytes, size);
          yield next.value;
        }
      }
      const upload = new Upload({
        client: this.options.s3,
        params: {
          Bucket: this.options.bucket,
          Key: key,
          Body: Readable.from(body()),
          ContentType: sniffed.contentType,
          // Create-only (also on CompleteMultipartUpload): a pull never replaces a stored object.
          IfNoneMatch: '*',
        },
        partSize: this.options.partSize ?? PULL_PART_BYTES,
        queueSize: this.options.queueSize ?? PULL_PARALLEL_PARTS,
        leavePartsOnError: false,
        abortController: abort,
      });
      try {
        await upload.done();
      } catch (error) {
        // 412: the key already holds this contact's recording (an earlier attempt of this job
        // completed); it is kept as it is and the landed check has seen it.
        if (isPreconditionFailed(error)) return { key, size, format: sniffed.format };
        response.destroy();
        throw abort.signal.aborted ? abort.signal.reason : error;
      }
      return { key, size, format: sniffed.format };
    } catch (error) {
      throw abort.signal.aborted && !(error instanceof RecordingTooLargeError) ? abort.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async open(
    url: URL,
    firstOrigin: string,
    redirectsLeft: number,
    signal: AbortSignal,
    jobHeaders?: Record<string, string>,
  ): Promise<IncomingMessage> {
    const response = await this.get(url, url.origin === firstOrigin, signal, jobHeaders);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      response.resume();
      const location = response.headers.location;
      if (!location) throw new SourceFetchError(`provider answered ${status} without a Location`, false);
      if (redirectsLeft <= 0) throw new SourceFetchError('provider redirected too many times', false);
      const next = checkSourceUrl(new URL(location, url).href, this.options.policy, 'redirect target');
      return this.open(next, firstOrigin, redirectsLeft - 1, signal, jobHeaders);
    }
    if (status !== 200) {
      response.resume();
      throw new SourceFetchError(
        `provider ${url.hostname} answered ${status}`,
        status >= 500 || TRANSIENT_STATUS.has(status),
      );
    }
    return response;
  }

  private async get(
    url: URL,
    sendCredentials: boolean,
    signal: AbortSignal,
    jobHeaders?: Record<string, string>,
  ): Promise<IncomingMessage> {
    const { policy, connectTimeoutMs = 10_000, idleTimeoutMs = 30_000 } = this.options;
    const headers: Record<string, string> = { accept: 'audio/*', 'accept-encoding': 'identity' };
    if (sendCredentials) Object.assign(headers, await this.options.credentials?.(url.origin), jobHeaders);
    const options: RequestOptions = {
      method: 'GET',
      headers,
      lookup: guardedLookup(url, policy),
      signal,
      timeout: connectTimeoutMs,
    };
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options);
    return new Promise<IncomingMessage>((resolve, reject) => {
      request.once('timeout', () =>
        request.destroy(
          new SourceFetchError(`no answer from ${url.hostname} within ${connectTimeoutMs} ms`, true),
        ),
      );
      request.once('error', (error) => reject(classify(error, url)));
      request.once('response', (response) => {
        // From here on the timeout measures silence between bytes.
        request.setTimeout(idleTimeoutMs);
        response.once('error', () => undefined);
        resolve(response);
      });
      request.end();
    });
  }
}

/** DNS lookup that refuses any non-public address for this URL (checked at connect time). */
function guardedLookup(url: URL, policy: SourcePolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as unknown as LookupAddress[];
      const bad = list.find((a) => !mayConnect(url, a.address, policy));
      if (bad || list.length === 0) {
        const refused = new SourceRefusedError(
          'recording URL',
          `host ${hostname} resolves to ${bad?.address ?? 'no address'}, which is not a public address`,
        );
        return callback(refused as NodeJS.ErrnoException, '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}

function classify(error: unknown, url: URL): Error {
  if (error instanceof SourceRefusedError || error instanceof SourceFetchError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
  return new SourceFetchError(`could not fetch from ${url.hostname} (${code})`, true, { cause: error });
}

async function readHead(chunks: AsyncIterator<Buffer>, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await chunks.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(parts, length);
}

function isPreconditionFailed(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'PreconditionFailed' || e?.$metadata?.httpStatusCode === 412;
}
