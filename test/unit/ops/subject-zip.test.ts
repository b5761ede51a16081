import { readZip, ZipBuilder } from '../../../shared/domain/subject-zip';

describe('subject export bundle (ZIP)', () => {
  it('N16: holds every file byte for byte with a valid central directory', () => {
    // Prepare
    const zip = new ZipBuilder();
    const audio = Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 1, 2, 255]);

    // Act
    zip.add('manifest.json', '{"contacts":[]}');
    zip.add('contacts/call-1/files/2025-01-01-1.wav', audio);
    zip.add('contacts/chat-1/records.json', '[{"text":"Hyvää päivää"}]');
    const bytes = zip.finish();

    // Assess
    const entries = readZip(bytes);
    expect([...entries.keys()]).toEqual([
      'manifest.json',
      'contacts/call-1/files/2025-01-01-1.wav',
      'contacts/chat-1/records.json',
    ]);
    expect(entries.get('contacts/call-1/files/2025-01-01-1.wav')).toEqual(audio);
    expect(entries.get('contacts/chat-1/records.json')?.toString('utf8')).toContain('Hyvää päivää');
    const end = bytes.subarray(bytes.length - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    expect(end.readUInt16LE(10)).toBe(3);
  });
});
