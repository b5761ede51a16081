import { contactTraceRecord } from '../../../shared/connect/contract';
import { extensionOf, objectKeyHash, recordingKeysOf } from '../../../shared/connect/recording-location';
import { INBOUND_VOICE_CTR } from './ctr-fixtures';

// RecordingInfo.Location, "the location, in Amazon S3, for the recording" (`<bucket>/<key>`):
// https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
// https://docs.aws.amazon.com/connect/latest/APIReference/API_RecordingInfo.html
const ctr = (fields: Record<string, unknown>) =>
  contactTraceRecord.parse({ ...INBOUND_VOICE_CTR, ...fields });
const KEY = 'connect/call-recordings/2026/03/02/5f0b6a2e_20260302T08:01_UTC.wav';

describe('the recordings a CTR names', () => {
  it('reads Recording.Location and Recordings[].Location as <bucket>/<key>, once each', () => {
    const keys = recordingKeysOf(
      ctr({
        Recording: { Location: `my-bucket/${KEY}` },
        Recordings: [
          { Location: `my-bucket/${KEY}`, MediaStreamType: 'AUDIO' },
          { Location: `s3://b/${KEY}x` },
        ],
      }),
    );
    expect(keys).toEqual([KEY, `${KEY}x`]);
  });

  it('ignores locations outside connect/call-recordings/ (screen recordings, other settings) and none', () => {
    expect(
      recordingKeysOf(
        ctr({
          Recording: { Location: 'b/connect/screen-recordings/x.mp4' },
          Recordings: [
            { Location: 'b/connect/call-recordings/../recordings/x.wav' },
            { Location: 'nobucket' },
          ],
        }),
      ),
    ).toEqual([]);
    expect(recordingKeysOf(ctr({ Recording: null, Recordings: null }))).toEqual([]);
  });

  it('takes the extension for the recordings/ key, wav when there is none', () => {
    expect(extensionOf(KEY)).toBe('wav');
    expect(extensionOf('connect/call-recordings/a.OPUS')).toBe('opus');
    expect(extensionOf('connect/call-recordings/a')).toBe('wav');
  });

  it('N17: stores a hash of the key, never the name', () => {
    expect(objectKeyHash(KEY)).toMatch(/^[0-9a-f]{64}$/);
    expect(objectKeyHash(KEY)).not.toBe(objectKeyHash(`${KEY}x`));
  });
});
