import { Writable } from 'node:stream';
import { readZip, ZipLimitError, ZipWriter } from '../../../shared/subjects/zip';

/** A sink that keeps what it is given and notes how much was ever waiting in its buffer. */
function sink(highWaterMark = 1024 * 1024, delayMs = 0) {
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const out = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      maxBuffered = Math.max(maxBuffered, out.writableLength);
      setTimeout(done, delayMs);
    },
  });
  return { out, bytes: () => Buffer.concat(chunks), maxBuffered: () => maxBuffered };
}

async function* chunksOf(data: Buffer, size: number) {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

describe('subject export bundle (streaming ZIP)', () => {
  it('N16: holds every file byte for byte, streamed or not, with a valid central directory', async () => {
    // Prepare
    const { out, bytes } = sink();
    const zip = new ZipWriter(out);
    const audio = Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 1, 2, 255, ...Array(5000).fill(7)]);

    // Act
    await zip.addBuffer('manifest.json', '{"contacts":[]}');
    await zip.addStream('contacts/call-1/files/2025-01-01-1.wav', chunksOf(audio, 333));
    await zip.addBuffer('contacts/chat-1/records.json', '[{"text":"Hyvää päivää"}]');
    await zip.finish();

    // Assess
    const written = bytes();
    const entries = readZip(written);
    expect([...entries.keys()]).toEqual([
      'manifest.json',
      'contacts/call-1/files/2025-01-01-1.wav',
      'contacts/chat-1/records.json',
    ]);
    expect(entries.get('contacts/call-1/files/2025-01-01-1.wav')).toEqual(audio);
    expect(entries.get('contacts/chat-1/records.json')?.toString('utf8')).toContain('Hyvää päivää');
    expect(written.length).toBe(zip.bytes);
    const end = written.subarray(written.length - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    expect(end.readUInt16LE(10)).toBe(3);
    // The streamed entry announces a data descriptor (bit 3) and carries one after its bytes.
    const second = written.indexOf(Buffer.from('contacts/call-1/files/')) - 30;
    expect(written.readUInt16LE(second + 6) & 0x0008).toBe(0x0008);
    expect(written.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]))).toBeGreaterThan(second);
  });

  it('honours the destination’s backpressure: memory stays flat however large the entry', async () => {
    // Prepare
    const { out, maxBuffered } = sink(64 * 1024, 1);
    const zip = new ZipWriter(out);
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

  it('fails with ZipLimitError rather than write a bundle over its size limit', async () => {
    // Prepare
    const { out } = sink();
    const zip = new ZipWriter(out, 1000);

    // Act
    const adding = zip.addStream('too-big.wav', chunksOf(Buffer.alloc(2000), 500));

    // Assess
    await expect(adding).rejects.toThrow(ZipLimitError);
    await expect(adding).rejects.toThrow('a bundle holds at most 1000 bytes');
  });

  it('fails to read a damaged bundle (CRC mismatch) instead of returning wrong bytes', async () => {
    // Prepare
    const { out, bytes } = sink();
    const zip = new ZipWriter(out);
    await zip.addBuffer('a.txt', 'hello');
    await zip.finish();
    const damaged = bytes();
    damaged.writeUInt8(damaged.readUInt8(35) ^ 0xff, 35);

    // Act
    const reading = () => readZip(damaged);

    // Assess
    expect(reading).toThrow('CRC mismatch in a.txt');
  });
});
