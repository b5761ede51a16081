import { sniffAudio } from '../../../shared/recordings/format';
import { pdfFile, wavFile, wavHeader } from '../../support/audio';

/** A minimal MPEG-1 layer III frame header: 128 kbit/s, 44.1 kHz, stereo (417-byte frames). */
function mp3Frames(count: number, { xingFrames }: { xingFrames?: number } = {}): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  const frames = Array.from({ length: count }, () => Buffer.from(frame));
  if (xingFrames !== undefined && frames[0]) {
    frames[0].write('Xing', 4 + 32, 'latin1');
    frames[0].writeUInt32BE(1, 4 + 32 + 4); // flags: frame count present
    frames[0].writeUInt32BE(xingFrames, 4 + 32 + 8);
  }
  return Buffer.concat(frames);
}

function id3(size: number): Buffer {
  const tag = Buffer.alloc(10 + size);
  tag.write('ID3', 0, 'latin1');
  tag.set([4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f], 3);
  return tag;
}

function flac(sampleRate: number, totalSamples: number): Buffer {
  const head = Buffer.alloc(8 + 34 + 64);
  head.write('fLaC', 0, 'latin1');
  head.set([0x80, 0, 0, 34], 4); // last-metadata-block flag + STREAMINFO, length 34
  const info = 8;
  head[info + 10] = (sampleRate >> 12) & 0xff;
  head[info + 11] = (sampleRate >> 4) & 0xff;
  head[info + 12] = ((sampleRate & 0x0f) << 4) | (0 << 1); // mono
  head[info + 13] = (15 << 4) | Math.floor(totalSamples / 2 ** 32); // 16 bits per sample
  head.writeUInt32BE(totalSamples % 2 ** 32, info + 14);
  return head;
}

function oggPage(packet: Buffer, granule: bigint): Buffer {
  const header = Buffer.alloc(28);
  header.write('OggS', 0, 'latin1');
  header.writeBigUInt64LE(granule, 6);
  header[26] = 1; // one segment
  header[27] = packet.length;
  return Buffer.concat([header, packet]);
}

function opusHead(preSkip: number): Buffer {
  const packet = Buffer.alloc(19);
  packet.write('OpusHead', 0, 'latin1');
  packet[8] = 1;
  packet[9] = 1;
  packet.writeUInt16LE(preSkip, 10);
  packet.writeUInt32LE(48_000, 12);
  return packet;
}

describe('sniffAudio: what the bytes are, not what they claim', () => {
  it('recognises PCM WAV and computes its duration from the data chunk and byte rate', () => {
    const wav = wavFile(2.5);
    expect(sniffAudio(wav.subarray(0, 4096), { size: wav.length })).toEqual({
      format: 'wav',
      contentType: 'audio/wav',
      ext: 'wav',
      durationSeconds: 2.5,
    });
  });

  it('uses the object size when a streaming writer left the WAV data size at 0xFFFFFFFF', () => {
    const header = wavHeader(0xffffffff, { sampleRate: 16_000 });
    expect(sniffAudio(Buffer.concat([header, Buffer.alloc(1000)]), { size: 44 + 32_000 * 60 })).toMatchObject(
      {
        format: 'wav',
        durationSeconds: 60,
      },
    );
  });

  it('recognises MP3 after an ID3v2 tag and reads the frame count from its Xing header', () => {
    const bytes = Buffer.concat([id3(300), mp3Frames(3, { xingFrames: 12_250 })]);
    // 12,250 frames x 1152 samples / 44.1 kHz = 320 s
    expect(sniffAudio(bytes, { size: bytes.length })).toMatchObject({
      format: 'mp3',
      ext: 'mp3',
      durationSeconds: 320,
    });
  });

  it('estimates a constant-bit-rate MP3 duration from its size', () => {
    const bytes = mp3Frames(3);
    expect(sniffAudio(bytes, { size: 16_000 * 30 })).toMatchObject({ format: 'mp3', durationSeconds: 30 });
  });

  it('recognises FLAC and reads the duration from STREAMINFO', () => {
    expect(sniffAudio(flac(8000, 8000 * 42))).toEqual({
      format: 'flac',
      contentType: 'audio/flac',
      ext: 'flac',
      durationSeconds: 42,
    });
  });

  it('recognises Ogg Opus and takes the duration from the last page granule minus pre-skip', () => {
    const first = oggPage(opusHead(312), 0n);
    const last = oggPage(Buffer.alloc(10), BigInt(48_000 * 90 + 312));
    expect(
      sniffAudio(Buffer.concat([first, Buffer.alloc(100)]), {
        tail: Buffer.concat([Buffer.alloc(50), last]),
      }),
    ).toEqual({
      format: 'ogg-opus',
      contentType: 'audio/ogg',
      ext: 'opus',
      durationSeconds: 90,
    });
  });

  it('leaves the duration out when it cannot be known (Ogg without its tail)', () => {
    expect(sniffAudio(Buffer.concat([oggPage(opusHead(0), 0n), Buffer.alloc(20)]))).not.toHaveProperty(
      'durationSeconds',
    );
  });

  it.each([
    ['a PDF', pdfFile(), 'a PDF document, not audio'],
    [
      'HTML',
      Buffer.from('<!doctype html><html><body>not found</body></html>'),
      'text (HTML, XML or JSON), not audio',
    ],
    ['a ZIP', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]), 'a ZIP archive, not audio'],
    [
      'random bytes',
      Buffer.alloc(512, 7),
      'no WAV, MP3, Ogg Opus/Vorbis or FLAC signature in the first bytes',
    ],
    [
      'an ID3 tag hiding a PDF',
      Buffer.concat([id3(20), pdfFile()]),
      'ID3 tag not followed by an MPEG layer III frame',
    ],
    ['a truncated file', Buffer.from('RIFF'), 'only 4 bytes; too short to be audio'],
  ])('rejects %s', (_what, bytes, reason) => {
    expect(sniffAudio(bytes)).toEqual({ notAudio: reason });
  });

  it('rejects an Ogg stream that is not Opus or Vorbis audio (e.g. Theora video)', () => {
    const theora = Buffer.concat([Buffer.from('\u0080theora'), Buffer.alloc(30)]);
    expect(sniffAudio(Buffer.concat([oggPage(theora, 0n), Buffer.alloc(20)]))).toEqual({
      notAudio: 'Ogg container whose first stream is neither Opus nor Vorbis audio',
    });
  });
});
