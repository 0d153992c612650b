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

test('text outside ASCII takes the Unicode path and counts the same words the same way', () => {
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
