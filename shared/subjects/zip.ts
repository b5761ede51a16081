import { Readable, Transform, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/** A bundle would go over the size cap it was given (EXPORT_MAX_BYTES). */
export class BundleTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`a bundle holds at most ${maxBytes} bytes`);
    this.name = 'BundleTooLargeError';
  }
}

export interface BundleZipOptions {
  /** Stop with BundleTooLargeError before the bundle would go over this many bytes. */
  maxBytes?: number;
  /** Every entry's modification time. */
  mtime?: Date;
}

/**
 * A subject-access bundle written as a ZIP by yazl and piped into `out` (the upload) as it is
 * made. One entry at a time: each add resolves once its bytes have gone into the ZIP stream, and
 * the stream honours `out`'s backpressure, so memory stays flat however large the bundle; only
 * the central directory (about 100 bytes an entry) is kept. ZIP64 records are written when a
 * bundle needs them (over 4 GiB, over 65,535 entries). Records (JSON) are deflated; objects
 * (audio, already compressed) are stored. yazl looks for the next entry from the first one, so the
 * cost per entry grows with their number (measured: 5,000 entries about 1 s, 20,000 about 6 s).
 *
 * Any failure — an entry's source, the size cap, `out` itself — fails the bundle: the pending add
 * (or `finish`) and every later call reject with the first error, and the ZIP stream and `out`
 * are destroyed with it.
 */
export class BundleZip {
  private readonly zip = new ZipFile();
  private readonly maxBytes: number;
  private readonly mtime: Date;
  private readonly written: Promise<void>;
  private readonly failed: Promise<never>;
  private rejectFailed: (error: Error) => void = () => undefined;
  private failure: Error | undefined;
  private current: Readable | undefined;
  private size = 0;
  private count = 0;

  constructor(
    private readonly out: Writable,
    options: BundleZipOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    this.mtime = options.mtime ?? new Date();
    this.failed = new Promise<never>((_, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => undefined); // seen by whichever call is pending, or the next one
    const cap = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        if (this.size + chunk.length > this.maxBytes) return done(new BundleTooLargeError(this.maxBytes));
        this.size += chunk.length;
        done(null, chunk);
      },
    });
    this.zip.on('error', (error: Error) => this.fail(error));
    this.written = pipeline(this.zip.outputStream, cap, out);
    this.written.catch((error: Error) => this.fail(error));
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  get entries(): number {
    return this.count;
  }

  /** A record held in memory (JSON, text): deflated. */
  addBuffer(name: string, data: Buffer | string): Promise<void> {
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return this.add(name, Readable.from([body], { objectMode: false }), true);
  }

  /**
   * An object streamed from `source` chunk by chunk (e.g. an S3 GetObject body), stored as is;
   * `onChunk` sees each chunk's length once the ZIP has taken it (progress, deadlines); if it
   * throws, the bundle fails with its error.
   */
  async addStream(
    name: string,
    source: AsyncIterable<Uint8Array>,
    onChunk?: (bytes: number) => void | Promise<void>,
  ): Promise<void> {
    if (this.failure) {
      await source[Symbol.asyncIterator]().return?.(); // let go of the source (an open response)
      throw this.failure;
    }
    await this.add(name, Readable.from(reported(source, onChunk), { objectMode: false }), false);
  }

  /** Write the central directory and end record, end `out` and wait until it has taken everything. */
  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.zip.end();
    try {
      await Promise.race([this.written, this.failed]);
    } catch (error) {
      throw this.failure ?? error;
    }
  }

  private async add(name: string, input: Readable, compress: boolean): Promise<void> {
    if (this.failure) {
      input.destroy();
      throw this.failure;
    }
    this.current = input;
    try {
      this.zip.addReadStream(input, name, { mtime: this.mtime, compress });
      this.count++;
      await Promise.race([finished(input), this.failed]);
    } catch (error) {
      this.fail(error as Error);
      throw this.failure ?? error;
    } finally {
      this.current = undefined;
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.rejectFailed(error);
    this.current?.destroy();
    (this.zip.outputStream as Readable).destroy(error);
    this.out.destroy(error);
  }
}

async function* reported(
  source: AsyncIterable<Uint8Array>,
  onChunk?: (bytes: number) => void | Promise<void>,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    yield chunk;
    await onChunk?.(chunk.length);
  }
}
