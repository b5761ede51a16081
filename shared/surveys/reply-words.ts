/** STOP words in Finnish, Swedish and English; compared case-insensitively. */
export const STOP_WORDS: ReadonlySet<string> = new Set(['stop', 'lopeta', 'seis', 'stopp']);

export type ParsedReply = { kind: 'score'; score: 1 | 2 | 3 | 4 | 5 } | { kind: 'stop' } | { kind: 'other' };

const SCORE = /^([1-5])(?:\s*\/\s*5)?\s*[.!]?$/;

/**
 * What an SMS reply says. A score 1-5 (spaces and "4/5" tolerated), a STOP word as the first
 * word in any case ("Lopeta kiitos" opts out too: when unsure, stop), or anything else.
 */
export function parseReply(text: string): ParsedReply {
  const trimmed = text.normalize('NFKC').trim();
  const score = SCORE.exec(trimmed);
  if (score) return { kind: 'score', score: Number(score[1]) as 1 | 2 | 3 | 4 | 5 };
  const firstWord = trimmed
    .split(/\s+/, 1)[0]
    ?.replace(/[.!,;:]+$/, '')
    .toLowerCase();
  if (firstWord && STOP_WORDS.has(firstWord)) return { kind: 'stop' };
  return { kind: 'other' };
}
