import { Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ZipFile } from 'yazl';
import { BundleTooLargeError, BundleZip } from '../../../shared/subjects/zip';
import { readZipEntries, unzipEntries } from '../../support/unzip';

/** A sink that keeps what it is given and notes how much was ever waiting in its buffer. */
function sink(highWaterMark = 1024 * 1024, delayMs = 0) {
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const out = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      maxBuffered = Math.max(maxBuffered, out.writableLength);
      if (delayMs) setTimeout(done, delayMs);
      else done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks), maxBuffered: () => maxBuffered };
}

async function* chunksOf(data: Buffer, size: number) {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

const STORED = 0;
const DEFLATED = 8;

describe('subject export bundle (streaming ZIP)', () => {
  it('N16: holds every file byte for byte, streamed or not, with a valid central directory', async () => {
    // Prepare
    const { out, bytes } = sink();
    const mtime = new Date('2026-03-01T10:00:00Z');
    const zip = new BundleZip(out, { mtime });
    const audio = Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 1, 2, 255, ...Array(5000).fill(7)]);

    // Act
    await zip.addBuffer('manifest.json', '{"contacts":[]}');
    await zip.addStream('contacts/call-1/files/2025-01-01-1.wav', chunksOf(audio, 333));
    await zip.addBuffer('contacts/chat-1/records.json', '[{"text":"Hyvää päivää"}]');
    await zip.finish();

    // Assess
    const written = bytes();
    const listed = await unzipEntries(written);
    const entries = await readZipEntries(written);
    expect([...entries.keys()]).toEqual([
      'manifest.json',
      'contacts/call-1/files/2025-01-01-1.wav',
      'contacts/chat-1/records.json',
    ]);
    expect(entries.get('contacts/call-1/files/2025-01-01-1.wav')).toEqual(audio);
    expect(entries.get('contacts/chat-1/records.json')?.toString('utf8')).toContain('Hyvää päivää');
    expect(written.length).toBe(zip.bytes);
    expect(zip.entries).toBe(3);
    const end = written.subarray(written.length - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    expect(end.readUInt16LE(10)).toBe(3);
    // Audio is stored as is (already compressed); records are deflated.
    expect(listed.map(({ entry }) => entry.compressionMethod)).toEqual([DEFLATED, STORED, DEFLATED]);
    expect(listed.map(({ entry }) => entry.getLastModDate().toISOString())).toEqual(
      Array(3).fill(mtime.toISOString()),
    );
    // The streamed entry announces a data descriptor (bit 3) and carries one after its bytes.
    const second = listed[1]?.entry;
    expect((second?.generalPurposeBitFlag ?? 0) & 0x0008).toBe(0x0008);
    expect(
      written.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), second?.relativeOffsetOfLocalHeader),
    ).toBeGreaterThan(second?.relativeOffsetOfLocalHeader ?? Number.POSITIVE_INFINITY);
  });

  it('honours the destination’s backpressure: memory stays flat however large the entry', async () => {
    // Prepare
    const { out, maxBuffered } = sink(64 * 1024, 1);
    const zip = new BundleZip(out);
    const chunk = Buffer.alloc(16 * 1024, 1);
    async function* big() {
      for (let i = 0; i < 256; i++) yield chunk; // 4 MiB
    }

    // Act
    await zip.addStream('big.bin', big());
    await zip.finish();

    // Assess
    expect(zip.bytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(maxBuffered()).toBeLessThanOrEqual(64 * 1024 + chunk.length);
  });

  it('fails with BundleTooLargeError rather than write a bundle over its size cap', async () => {
    // Prepare
    const { out, bytes } = sink();
    const zip = new BundleZip(out, { maxBytes: 1000 });

    // Act
    const adding = zip.addStream('too-big.wav', chunksOf(Buffer.alloc(2000), 500));

    // Assess
    await expect(adding).rejects.toThrow(BundleTooLargeError);
    await expect(adding).rejects.toThrow('a bundle holds at most 1000 bytes');
    expect(bytes().length).toBeLessThanOrEqual(1000);
    expect(out.destroyed).toBe(true);
    await expect(zip.finish()).rejects.toThrow(BundleTooLargeError);
  });

  it('fails the bundle with the error of an entry’s source, and lets go of the destination', async () => {
    // Prepare
    const { out } = sink();
    const zip = new BundleZip(out);
    async function* breaks() {
      yield Buffer.from('the first bytes');
      throw new Error('object missing');
    }
    let later = false;
    async function* never() {
      later = true;
      yield Buffer.from('x');
    }

    // Act
    const adding = zip.addStream('a.wav', breaks());

    // Assess
    await expect(adding).rejects.toThrow('object missing');
    expect(out.destroyed).toBe(true);
    await expect(zip.addStream('b.wav', never())).rejects.toThrow('object missing');
    expect(later).toBe(false);
    await expect(zip.addBuffer('c.json', '{}')).rejects.toThrow('object missing');
    await expect(zip.finish()).rejects.toThrow('object missing');
  });

  it('fails the bundle when the progress callback throws (deadline, job stopped)', async () => {
    // Prepare
    const { out } = sink();
    const zip = new BundleZip(out);
    const onChunk = async () => {
      throw new Error('out of time');
    };

    // Act
    const adding = zip.addStream('a.wav', chunksOf(Buffer.alloc(1000), 100), onChunk);

    // Assess
    await expect(adding).rejects.toThrow('out of time');
    expect(out.destroyed).toBe(true);
  });

  it('fails the bundle when the destination fails (the upload), instead of waiting for it', async () => {
    // Prepare
    const { out } = sink();
    const zip = new BundleZip(out);
    async function* slow() {
      for (;;) {
        yield Buffer.alloc(1024);
        await new Promise((r) => setTimeout(r, 5));
      }
    }

    // Act
    const adding = zip.addStream('a.wav', slow());
    setTimeout(() => out.destroy(new Error('upload failed')), 20);

    // Assess
    await expect(adding).rejects.toThrow('upload failed');
  });

  it('is read with ZIP64 records (what lifts the 4 GiB and 65,535-file limits) by an independent reader', async () => {
    // Prepare: forcing the ZIP64 form on a small entry and the end record is the cheap stand-in for
    // a bundle over 4 GiB.
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from('{"zip64":true}'), 'manifest.json', { forceZip64Format: true });
    zip.addBuffer(Buffer.alloc(3000, 7), 'contacts/call-1/files/a.wav', {
      forceZip64Format: true,
      compress: false,
    });
    zip.end({ forceZip64Format: true, comment: '' });

    // Act
    const written = await buffer(zip.outputStream);
    const entries = await readZipEntries(written);

    // Assess
    expect(written.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // ZIP64 end record
    expect(written.readUInt16LE(written.length - 22 + 10)).toBe(0xffff); // entries in the ZIP64 record
    expect(entries.get('manifest.json')?.toString()).toBe('{"zip64":true}');
    expect(entries.get('contacts/call-1/files/a.wav')).toEqual(Buffer.alloc(3000, 7));
  });

  it('fails to read a damaged bundle (CRC mismatch) instead of returning wrong bytes', async () => {
    // Prepare
    const { out, bytes } = sink();
    const zip = new BundleZip(out);
    await zip.addStream('a.txt', chunksOf(Buffer.from('hello'), 5));
    await zip.finish();
    const damaged = bytes();
    const at = damaged.indexOf(Buffer.from('hello'));
    damaged.writeUInt8(damaged.readUInt8(at) ^ 0xff, at);

    // Act
    const reading = readZipEntries(damaged);

    // Assess
    await expect(reading).rejects.toThrow('CRC mismatch in a.txt');
  });
});
