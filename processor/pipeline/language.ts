import { profileLanguages, stopWords, type ProfileLanguage } from './stopwords.ts';
import type { LanguageGuess } from './types.ts';
import { terms } from './terms.ts';

/** Enough text to decide; scoring a whole 1 MB document would say nothing new. */
const sampleChars = 100_000;
/** Below this, a guess is reported as 'und'. */
const minConfidence = 0.15;
const minHits = 3;

// A stop word shared by several profiles ("de", "a", "en") counts for each of them in
// proportion: it says little about which language it is.
const weights = new Map<string, Map<ProfileLanguage, number>>();
for (const lang of profileLanguages) {
  for (const word of stopWords[lang]) {
    const entry = weights.get(word) ?? new Map<ProfileLanguage, number>();
    entry.set(lang, 1);
    weights.set(word, entry);
  }
}
for (const entry of weights.values()) for (const lang of entry.keys()) entry.set(lang, 1 / entry.size);

/**
 * Language by stop-word profile: score = weighted stop-word hits per profile. Confidence is
 * the best profile's lead over the runner-up, scaled down when stop words explain little of
 * the text (ordinary prose is 30-50% stop words; code, lists of names or another script are not).
 */
export function detectLanguage(text: string): LanguageGuess {
  const scores = new Map<ProfileLanguage, number>();
  const hits = new Map<ProfileLanguage, number>();
  let tokens = 0;
  const { counts } = terms(text.length > sampleChars ? text.slice(0, sampleChars) : text);
  for (const [word, count] of counts) {
    const first = word.charCodeAt(0);
    if (first >= 48 && first <= 57) continue; // numbers say nothing about the language
    tokens += count;
    // French and Italian elide: l'homme, dell'anno; the article before the apostrophe counts.
    let apostrophe = word.indexOf("'");
    if (apostrophe === -1) apostrophe = word.indexOf('’');
    const entry = weights.get(apostrophe > 0 ? word.slice(0, apostrophe) : word);
    if (!entry) continue;
    for (const [lang, weight] of entry) {
      scores.set(lang, (scores.get(lang) ?? 0) + weight * count);
      hits.set(lang, (hits.get(lang) ?? 0) + count);
    }
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || tokens === 0) return { language: 'und', confidence: 0 };
  const lead = (best[1] - (second?.[1] ?? 0)) / best[1];
  const coverage = (hits.get(best[0]) ?? 0) / tokens;
  const confidence = round(lead * Math.min(1, coverage / 0.2));
  if ((hits.get(best[0]) ?? 0) < minHits || confidence < minConfidence)
    return { language: 'und', confidence };
  return { language: best[0], confidence };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
