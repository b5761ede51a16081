import { parseCountries } from '../../../shared/surveys/policy';
import { parseReply } from '../../../shared/surveys/reply-words';
import {
  assertSingleSegmentSms,
  DEFAULT_OPTOUT_CONFIRMATION,
  DEFAULT_SURVEY_TEXT,
  gsm7Length,
} from '../../../shared/surveys/text';

describe('parseReply', () => {
  it.each([
    ['4', 4],
    [' 4 ', 4],
    ['4/5', 4],
    ['4 / 5', 4],
    ['1', 1],
    ['5.', 5],
    ['\t3\n', 3],
    ['５', 5], // full-width digit from some phones
  ])('reads %j as score %i', (text, score) => {
    expect(parseReply(text)).toEqual({ kind: 'score', score });
  });

  it.each([
    'STOP',
    'stop',
    'Lopeta',
    'LOPETA',
    'seis',
    'SeIs',
    'Stopp',
    'STOPP',
    ' lopeta. ',
    'Lopeta kiitos',
  ])('reads %j as an opt-out', (text) => {
    expect(parseReply(text)).toEqual({ kind: 'stop' });
  });

  it.each(['0', '6', '45', '4,5', '3-4', '4/10', 'kiitos', 'hyvä palvelu 5', '', 'stopper', 'nonstop'])(
    'treats %j as neither a score nor an opt-out',
    (text) => {
      expect(parseReply(text)).toEqual({ kind: 'other' });
    },
  );
});

describe('GSM-7 single-segment SMS texts', () => {
  it('the default Finnish texts fit one GSM-7 segment', () => {
    expect(() => assertSingleSegmentSms(DEFAULT_SURVEY_TEXT, 'SURVEY_TEXT')).not.toThrow();
    expect(() => assertSingleSegmentSms(DEFAULT_OPTOUT_CONFIRMATION, 'x')).not.toThrow();
  });

  it('counts Finnish/Swedish letters as one septet and the extension table as two', () => {
    expect(gsm7Length('äöåÄÖÅé')).toEqual({ septets: 7 });
    expect(gsm7Length('€[]')).toEqual({ septets: 6 });
  });

  it('accepts exactly 160 septets', () => {
    expect(() => assertSingleSegmentSms('a'.repeat(160), 'SURVEY_TEXT')).not.toThrow();
  });

  it('rejects 161 characters, naming the length and how much to cut', () => {
    expect(() => assertSingleSegmentSms('a'.repeat(161), 'SURVEY_TEXT')).toThrow(
      'SURVEY_TEXT is 161 GSM-7 characters long (the characters ^{}\\[]~|€ count twice); one SMS segment holds 160: shorten it by 1',
    );
  });

  it('rejects 155 characters plus three euro signs (161 septets)', () => {
    expect(() => assertSingleSegmentSms(`${'a'.repeat(155)}€€€`, 'SURVEY_TEXT')).toThrow(
      /is 161 GSM-7 characters/,
    );
  });

  it.each([
    ['a typographic apostrophe', 'Kiitos’', '"’" (U+2019) at position 7'],
    ['an en dash', 'Vastaa 1–5', '"–" (U+2013) at position 9'],
    ['š (not in GSM-7)', 'Šakki', '"Š" (U+0160) at position 1'],
    ['an emoji', 'Kiitos 🙂', '"🙂" (U+1F642) at position 8'],
  ])('rejects %s, naming the character and where it is', (_label, text, detail) => {
    expect(() => assertSingleSegmentSms(text, 'SURVEY_TEXT')).toThrow(
      `SURVEY_TEXT: character ${detail} is not in the GSM-7 alphabet`,
    );
  });

  it('rejects an empty text', () => {
    expect(() => assertSingleSegmentSms('  ', 'SURVEY_TEXT')).toThrow('SURVEY_TEXT is empty');
  });
});

describe('parseCountries (N12)', () => {
  it('accepts EU/EEA countries in any case', () => {
    expect(parseCountries('fi, se,NO')).toEqual(['FI', 'SE', 'NO']);
  });
  it('rejects a country outside the EU/EEA, naming it', () => {
    expect(() => parseCountries('FI,US,GB')).toThrow('not allowed: US, GB');
  });
});
