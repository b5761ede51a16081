/**
 * What the bytes of a recording are, decided from magic numbers and headers — never from the
 * declared content type alone. Pure: works on the first bytes of an object (its head) and,
 * for Ogg durations, its last bytes (its tail).
 */
export type AudioFormat = 'wav' | 'mp3' | 'ogg-opus' | 'ogg-vorbis' | 'flac';

export interface AudioFormatInfo {
  format: AudioFormat;
  /** The content type stored with the object. */
  contentType: string;
  /** File extension used in object keys. */
  ext: string;
}

export const AUDIO_FORMATS: Record<AudioFormat, AudioFormatInfo> = {
  wav: { format: 'wav', contentType: 'audio/wav', ext: 'wav' },
  mp3: { format: 'mp3', contentType: 'audio/mpeg', ext: 'mp3' },
  'ogg-opus': { format: 'ogg-opus', contentType: 'audio/ogg', ext: 'opus' },
  'ogg-vorbis': { format: 'ogg-vorbis', contentType: 'audio/ogg', ext: 'ogg' },
  flac: { format: 'flac', contentType: 'audio/flac', ext: 'flac' },
};

/** Content types a platform may declare when it pushes a recording, and the key extension each gets. */
export const UPLOAD_CONTENT_TYPES: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
};

/** How many leading bytes are inspected. An ID3 tag larger than this before the first MP3 frame is refused. */
export const HEAD_BYTES = 256 * 1024;
/** How many trailing bytes are kept to find the last Ogg page (its granule position gives the duration). */
export const TAIL_BYTES = 64 * 1024;

export type Sniffed = (AudioFormatInfo & { durationSeconds?: number }) | { notAudio: string };

/**
 * Identify WAV, MP3 (MPEG layer III, with or without an ID3v2 tag), Ogg Opus / Vorbis and FLAC.
 * `size` (the whole object's size) and `tail` let it compute the duration when the format
 * allows; the duration is left out when it cannot be known from these bytes.
 */
export function sniffAudio(head: Uint8Array, options: { size?: number; tail?: Uint8Array } = {}): Sniffed {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length < 12) return { notAudio: `only ${bytes.length} bytes; too short to be audio` };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return wav(bytes, options.size);
  if (ascii(bytes, 0, 4) === 'fLaC') return flac(bytes);
  if (ascii(bytes, 0, 4) === 'OggS') return ogg(bytes, options.tail);
  const mp3Result = mp3(bytes, options.size);
  if (mp3Result) return mp3Result;
  return { notAudio: describeUnknown(bytes) };
}

export function isAudio(sniffed: Sniffed): sniffed is AudioFormatInfo & { durationSeconds?: number } {
  return !('notAudio' in sniffed);
}

function ascii(bytes: Buffer, offset: number, length: number): string {
  return bytes.subarray(offset, offset + length).toString('latin1');
}

function withDuration(format: AudioFormat, seconds: number | undefined) {
  const info = AUDIO_FORMATS[format];
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0
    ? { ...info, durationSeconds: Math.round(seconds * 1000) / 1000 }
    : { ...info };
}

/** RIFF/WAVE: walk the chunks; duration = data chunk bytes / byte rate from the fmt chunk. */
function wav(bytes: Buffer, size: number | undefined): Sniffed {
  let byteRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset, 4);
    const length = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 16 <= bytes.length) byteRate = bytes.readUInt32LE(offset + 16);
    if (id === 'data') {
      if (!byteRate) return { notAudio: 'WAV data chunk comes before its fmt chunk' };
      const dataStart = offset + 8;
      // Streaming writers leave 0 or 0xFFFFFFFF in the size; the object's size tells the truth.
      const available = size !== undefined ? size - dataStart : undefined;
      const dataBytes =
        length === 0 || length === 0xffffffff || (available !== undefined && length > available)
          ? available
          : length;
      return withDuration('wav', dataBytes !== undefined ? dataBytes / byteRate : undefined);
    }
    offset += 8 + length + (length % 2);
  }
  return byteRate ? withDuration('wav', undefined) : { notAudio: 'RIFF/WAVE without a fmt chunk' };
}

/** FLAC: STREAMINFO is the first metadata block; 20-bit sample rate and 36-bit total samples. */
function flac(bytes: Buffer): Sniffed {
  if (bytes.length < 8 + 18 || ((bytes[4] ?? 0xff) & 0x7f) !== 0) return withDuration('flac', undefined);
  const info = bytes.subarray(8, 8 + 34);
  const sampleRate = ((info[10] ?? 0) << 12) | ((info[11] ?? 0) << 4) | ((info[12] ?? 0) >> 4);
  const totalSamples = ((info[13] ?? 0) & 0x0f) * 2 ** 32 + info.readUInt32BE(14);
  return withDuration('flac', sampleRate && totalSamples ? totalSamples / sampleRate : undefined);
}

/** Ogg: the first packet names the codec; the last page's granule position gives the length. */
function ogg(bytes: Buffer, tail: Uint8Array | undefined): Sniffed {
  const segments = bytes[26] ?? 0;
  const packet = bytes.subarray(27 + segments);
  let format: AudioFormat;
  let rate: number;
  let preSkip = 0;
  if (ascii(packet, 0, 8) === 'OpusHead') {
    format = 'ogg-opus';
    rate = 48_000; // Opus granule positions always count 48 kHz samples
    preSkip = packet.length >= 12 ? packet.readUInt16LE(10) : 0;
  } else if (ascii(packet, 0, 7) === '\u0001vorbis') {
    format = 'ogg-vorbis';
    rate = packet.length >= 16 ? packet.readUInt32LE(12) : 0;
  } else {
    return { notAudio: 'Ogg container whose first stream is neither Opus nor Vorbis audio' };
  }
  const granule = tail ? lastGranule(Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength)) : undefined;
  return withDuration(format, granule !== undefined && rate ? (granule - preSkip) / rate : undefined);
}

function lastGranule(tail: Buffer): number | undefined {
  const at = tail.lastIndexOf('OggS', tail.length - 14, 'latin1');
  if (at < 0 || at + 14 > tail.length) return undefined;
  const value = tail.readBigUInt64LE(at + 6);
  return value === 0xffffffffffffffffn ? undefined : Number(value);
}

const MP3_BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, number[]> = {
  3: [44_100, 48_000, 32_000], // MPEG-1
  2: [22_050, 24_000, 16_000], // MPEG-2
  0: [11_025, 12_000, 8_000], // MPEG-2.5
};

interface Mp3Frame {
  version: number;
  bitrate: number;
  sampleRate: number;
  length: number;
  mono: boolean;
}

function mp3Frame(bytes: Buffer, at: number): Mp3Frame | undefined {
  if (at + 4 > bytes.length) return undefined;
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  const b3 = bytes[at + 3] ?? 0;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 0x03;
  const layer = (b1 >> 1) & 0x03;
  if (version === 1 || layer !== 1) return undefined; // reserved version; layer III only
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0x03;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const bitrate = (version === 3 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[bitrateIndex] ?? 0;
  const sampleRate = MP3_RATES[version]?.[rateIndex] ?? 0;
  const padding = (b2 >> 1) & 0x01;
  const length = Math.floor(((version === 3 ? 144_000 : 72_000) * bitrate) / sampleRate) + padding;
  return { version, bitrate, sampleRate, length, mono: b3 >> 6 === 3 };
}

/** MPEG layer III after an optional ID3v2 tag; a second frame must follow the first where visible. */
function mp3(bytes: Buffer, size: number | undefined): Sniffed | undefined {
  let start = 0;
  if (ascii(bytes, 0, 3) === 'ID3') {
    const tagSize =
      (((bytes[6] ?? 0) & 0x7f) << 21) |
      (((bytes[7] ?? 0) & 0x7f) << 14) |
      (((bytes[8] ?? 0) & 0x7f) << 7) |
      ((bytes[9] ?? 0) & 0x7f);
    start = 10 + tagSize + ((bytes[5] ?? 0) & 0x10 ? 10 : 0);
    if (start + 4 > bytes.length) {
      return {
        notAudio: `ID3 tag of ${start} bytes hides the first MP3 frame; tags over ${HEAD_BYTES} bytes are refused`,
      };
    }
  }
  const frame = mp3Frame(bytes, start);
  if (!frame) return start > 0 ? { notAudio: 'ID3 tag not followed by an MPEG layer III frame' } : undefined;
  const next = start + frame.length;
  if (next + 4 <= bytes.length && !mp3Frame(bytes, next)) return undefined;

  const samplesPerFrame = frame.version === 3 ? 1152 : 576;
  const sideInfo = frame.version === 3 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17;
  const xingAt = start + 4 + sideInfo;
  const tag = ascii(bytes, xingAt, 4);
  if (
    (tag === 'Xing' || tag === 'Info') &&
    xingAt + 12 <= bytes.length &&
    bytes.readUInt32BE(xingAt + 4) & 1
  ) {
    return withDuration('mp3', (bytes.readUInt32BE(xingAt + 8) * samplesPerFrame) / frame.sampleRate);
  }
  // Constant bit rate: audio bytes / byte rate.
  return withDuration('mp3', size !== undefined ? ((size - start) * 8) / (frame.bitrate * 1000) : undefined);
}

function describeUnknown(bytes: Buffer): string {
  const text = ascii(bytes, 0, 8);
  if (text.startsWith('%PDF')) return 'a PDF document, not audio';
  if (text.startsWith('PK')) return 'a ZIP archive, not audio';
  if (/^\s*[<{[]/.test(text)) return 'text (HTML, XML or JSON), not audio';
  return 'no WAV, MP3, Ogg Opus/Vorbis or FLAC signature in the first bytes';
}
