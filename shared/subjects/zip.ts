import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { crc32 } from 'node:zlib';

/** The classic (non-ZIP64) format's limits: 32-bit offsets and sizes, 16-bit entry counts. */
export const ZIP_MAX_BYTES = 0xffff_ffff;
export const ZIP_MAX_ENTRIES = 0xffff;

const UTF8_NAMES = 0x0800;
const DATA_DESCRIPTOR = 0x0008;

/** A bundle would exceed what one (non-ZIP64) ZIP can hold. */
export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

interface CentralEntry {
  name: Buffer;
  flags: number;
  crc: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

/**
 * A streaming ZIP writer (stored entries, no compression: audio is already compressed) for
 * subject-access bundles that every desktop opens; no dependency. Entries go straight to `out`
 * with its backpressure honoured, so memory stays flat however large the bundle: only the
 * central directory (about 100 bytes an entry) is kept. Streamed entries carry their CRC and
 * size in a data descriptor after the bytes (general purpose bit 3), as Go's and Java's writers
 * do. Not ZIP64: a bundle must stay under 4 GiB and 65,535 entries (ZipLimitError otherwise).
 */
export class ZipWriter {
  private readonly central: CentralEntry[] = [];
  private offset = 0;

  constructor(
    private readonly out: Writable,
    private readonly maxBytes = ZIP_MAX_BYTES,
  ) {}

  /** Bytes written so far. */
  get bytes(): number {
    return this.offset;
  }

  get entries(): number {
    return this.central.length;
  }

  /** A small entry held in memory (records, manifest): CRC and size go in the local header. */
  async addBuffer(name: string, data: Buffer | string, at = new Date()): Promise<void> {
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const entry = this.entry(name, UTF8_NAMES, at);
    entry.crc = crc32(body);
    entry.size = body.length;
    await this.write(this.localHeader(entry));
    await this.write(body);
  }

  /**
   * An entry streamed from `source` chunk by chunk (e.g. an S3 GetObject body); `onChunk` sees
   * each chunk's length once it has been written (progress, deadlines).
   */
  async addStream(
    name: string,
    source: AsyncIterable<Uint8Array>,
    at = new Date(),
    onChunk?: (bytes: number) => void | Promise<void>,
  ): Promise<void> {
    const entry = this.entry(name, UTF8_NAMES | DATA_DESCRIPTOR, at);
    await this.write(this.localHeader(entry));
    let crc = 0;
    let size = 0;
    for await (const chunk of source) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      await this.write(chunk);
      await onChunk?.(chunk.length);
    }
    entry.crc = crc;
    entry.size = size;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(size, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.write(descriptor);
  }

  /** Write the central directory and end record, then end `out`. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const entry of this.central) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by
      header.writeUInt16LE(20, 6); // version needed
      header.writeUInt16LE(entry.flags, 8);
      header.writeUInt16LE(0, 10); // stored
      header.writeUInt16LE(entry.time, 12);
      header.writeUInt16LE(entry.date, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.size, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      header.writeUInt32LE(entry.offset, 42);
      await this.write(Buffer.concat([header, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, 'finish');
  }

  private entry(name: string, flags: number, at: Date): CentralEntry {
    if (this.central.length >= ZIP_MAX_ENTRIES) {
      throw new ZipLimitError(`a bundle holds at most ${ZIP_MAX_ENTRIES} files`);
    }
    const entry = {
      name: Buffer.from(name, 'utf8'),
      flags,
      crc: 0,
      size: 0,
      offset: this.offset,
      ...dosTime(at),
    };
    this.central.push(entry);
    return entry;
  }

  private localHeader(entry: CentralEntry): Buffer {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(entry.flags, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(entry.time, 10);
    local.writeUInt16LE(entry.date, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.size, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(entry.name.length, 26);
    local.writeUInt16LE(0, 28);
    return Buffer.concat([local, entry.name]);
  }

  private async write(chunk: Uint8Array): Promise<void> {
    if (this.offset + chunk.length > this.maxBytes) {
      throw new ZipLimitError(`a bundle holds at most ${this.maxBytes} bytes`);
    }
    this.offset += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

function dosTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date:
      ((Math.max(at.getUTCFullYear(), 1980) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/**
 * Read back a bundle's entries through its central directory, checking each entry's CRC
 * (tests, and anyone checking a downloaded bundle). Throws on a damaged bundle.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`damaged central directory at entry ${i}`);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`damaged local header of ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + size);
    if (crc32(body) !== crc) throw new Error(`CRC mismatch in ${name}`);
    entries.set(name, body);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
