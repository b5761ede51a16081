/** Audio written by the tests themselves: real, playable files with known lengths. */

export interface WavOptions {
  sampleRate?: number;
  channels?: number;
  bitsPerSample?: number;
}

/** A 44-byte RIFF/WAVE PCM header for `dataBytes` bytes of samples. */
export function wavHeader(
  dataBytes: number,
  { sampleRate = 8000, channels = 1, bitsPerSample = 16 }: WavOptions = {},
) {
  const blockAlign = (channels * bitsPerSample) / 8;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(Math.min(0xffffffff, 36 + dataBytes), 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(Math.min(0xffffffff, dataBytes), 40);
  return header;
}

/** `seconds` of a 440 Hz tone as 16-bit mono PCM WAV. */
export function wavFile(seconds: number, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), i * 2);
  }
  return Buffer.concat([wavHeader(data.length, { sampleRate }), data]);
}

/** A one-page "PDF": plainly not audio. */
export function pdfFile(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'.repeat(200),
  );
}
