import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terms } from './terms.ts';
import { words } from './text.ts';

/** The plain way: every lower-cased word as a string, counted in a Map. */
function reference(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words(text.toLowerCase())) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

test('words are counted case-insensitively, first seen first, apostrophes and hyphens joining', () => {
  const t = terms("Don't e-mail the E-MAIL -- don't! 'quoted' trailing- 42 x");
  assert.deepEqual(
    [...t.counts],
    [
      ["don't", 2],
      ['e-mail', 2],
      ['the', 1],
      ['quoted', 1],
      ['trailing', 1],
      ['42', 1],
      ['x', 1],
    ],
  );
  assert.equal(t.total, 9);
  assert.equal(t.joined(), "don't e-mail the e-mail don't quoted trailing 42 x");
});

test('thousands of distinct words (the table grows many times) count exactly as a Map of strings does', () => {
  const parts: string[] = [];
  for (let i = 0; i < 20_000; i++) parts.push(`w${(i * 7919) % 6007}`, i % 3 === 0 ? 'Common' : "it's");
  const text = parts.join(' ');
  const t = terms(text);
  assert.deepEqual([...t.counts], [...reference(text)]);
  assert.equal(t.total, 40_000);
});

test('text outside ASCII counts the same words the same way', () => {
  const ascii = 'Cache hit, cache miss; the cache-line is warm. Naive cafe.';
  const accented = 'Cache hit, cache miss; the cache-line is warm. Naïve café.';
  const plain = terms(ascii);
  const unicode = terms(accented);
  assert.deepEqual([...plain.counts].slice(0, -2), [...unicode.counts].slice(0, -2));
  assert.deepEqual([...unicode.counts].slice(-2), [
    ['naïve', 1],
    ['café', 1],
  ]);
  assert.deepEqual([...unicode.counts], [...reference(accented)]);
  assert.equal(unicode.total, plain.total);
});

test('any mix of scripts, marks, digits, joiners and punctuation counts exactly as the word pattern does', () => {
  // Letters that lower-case to more units (İ) or by context (Σ), marks after letters and
  // alone, digits of other scripts, the three joiners at word edges and doubled, astral
  // characters (emoji keep the scanner; an astral letter sends the text to the pattern).
  const alphabet = [
    ...'abcXYZ09',
    ...'éÉçßİΣσςжЖ中文ひらがな한국어',
    '\u0301', // combining acute: continues a word, never starts one
    '\u0663', // Arabic-Indic digit three
    '\u0915\u093F', // Devanagari ka + vowel sign i (a mark)
    ..."'’-",
    ' ',
    ' ',
    '\n',
    ...'.,;!?"()',
    '\u00A0',
    '\u200D',
    '😀',
    '𝐀',
  ];
  let seed = 7;
  const next = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  for (let doc = 0; doc < 300; doc++) {
    const astral = doc % 10 === 0;
    const pieces: string[] = [];
    for (let i = 0, n = 1 + next(400); i < n; i++) {
      const piece = alphabet[next(alphabet.length)];
      pieces.push(!astral && (piece === '😀' || piece === '𝐀') ? 'q' : piece);
    }
    const text = pieces.join('');
    const t = terms(text);
    const expected = reference(text);
    assert.deepEqual([...t.counts], [...expected], JSON.stringify(text));
    assert.equal(
      t.total,
      [...expected.values()].reduce((a, b) => a + b, 0),
    );
    assert.equal(t.joined(), words(text.toLowerCase()).join(' '));
  }
});

test('words written to share one hash are still counted exactly (a Map takes over from the table)', () => {
  const list: string[] = [];
  for (let i = 0; i < 3000; i++) {
    let word = '';
    for (let block = 0; block < 12; block++) word += (i >> block) & 1 ? 'an' : 'c0';
    list.push(word, i % 2 ? word : 'plain');
  }
  const text = list.join(' ');
  const t = terms(text);
  assert.deepEqual([...t.counts], [...reference(text)]);
  assert.equal(t.total, 6000);
});

test('emoji separate words and keep the scanner; an astral letter is a word character either way', () => {
  for (const text of ['Ship it 🚀🚀 ship-it😀again 👍🏽 ok\u{FE0F}', 'the 𝐀lpha 𝟙𝟚 and 𐐨𐐯 😀x']) {
    assert.deepEqual([...terms(text).counts], [...reference(text)], text);
  }
  assert.deepEqual(
    [...terms('Ship it 🚀🚀 ship-it😀again').counts],
    [
      ['ship', 1],
      ['it', 1],
      ['ship-it', 1],
      ['again', 1],
    ],
  );
});
