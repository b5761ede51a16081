import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { type Entry, fromBufferPromise } from 'yauzl';

export interface UnzippedEntry {
  entry: Entry;
  data: Buffer;
}

/**
 * Open a ZIP with yauzl — a reader independent of the code that wrote it — and read every entry
 * to its end, in central-directory order. yauzl checks the structure (ZIP64 included), the names
 * and each entry's size; it does not check CRC-32, so each entry's bytes are checked against the
 * central directory's CRC here, as `unzip -t` does. Rejects on a damaged bundle.
 */
export async function unzipEntries(zip: Buffer): Promise<UnzippedEntry[]> {
  const file = await fromBufferPromise(zip, {
    lazyEntries: true,
    strictFileNames: true,
    validateEntrySizes: true,
  });
  const entries: UnzippedEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject);
    file.on('end', resolve);
    file.on('entry', (entry: Entry) => {
      file
        .openReadStreamPromise(entry)
        .then((stream) => buffer(stream))
        .then((data) => {
          if (crc32(data) !== entry.crc32) throw new Error(`CRC mismatch in ${entry.fileName}`);
          entries.push({ entry, data });
          file.readEntry();
        })
        .catch(reject);
    });
    file.readEntry();
  });
  return entries;
}

/** A bundle's files by name, read and checked as `unzipEntries` does. */
export async function readZipEntries(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Map((await unzipEntries(zip)).map(({ entry, data }) => [entry.fileName, data]));
}
