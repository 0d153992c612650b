import { anyStopWord, stopWords, type ProfileLanguage } from './stopwords.ts';
import type { Keyword } from './types.ts';
import { terms } from './terms.ts';

const topN = 10;
const minLength = 3;
const hasLetter = /\p{L}/u;

/**
 * Top terms by frequency (TF). Stop words of the detected language are dropped; when the
 * language is unknown ('und'), every profile's stop words are. Tokens shorter than three
 * characters or without a letter (numbers, "2026", "1.5") are not keywords.
 * Ties go to the term seen first, so the answer is stable for the same text.
 */
export function topKeywords(text: string, language: string): Keyword[] {
  const stop = language in stopWords ? stopWords[language as ProfileLanguage] : anyStopWord;
  const counts = new Map<string, number>();
  for (const [token, count] of terms(text).counts) {
    const term = token.endsWith("'s") || token.endsWith('’s') ? token.slice(0, -2) : token;
    if (term.length < minLength || !hasLetter.test(term) || stop.has(term)) continue;
    counts.set(term, (counts.get(term) ?? 0) + count);
  }
  // Map iteration is insertion order (terms() counts in first-seen order) and
  // Array.prototype.sort is stable: the term seen first wins ties.
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([term, count]) => ({ term, count }));
}
