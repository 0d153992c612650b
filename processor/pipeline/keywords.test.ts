import assert from 'node:assert/strict';
import { test } from 'node:test';
import { topKeywords } from './keywords.ts';

test('top terms by frequency, stop words and short or numeric tokens dropped', () => {
  const text =
    'The cache is warm. The cache serves the API; the API calls the database. ' +
    'Database latency is 42 ms in 2026, so the cache matters. Cache, cache!';
  assert.deepEqual(topKeywords(text, 'en'), [
    { term: 'cache', count: 5 },
    { term: 'api', count: 2 },
    { term: 'database', count: 2 },
    { term: 'warm', count: 1 },
    { term: 'serves', count: 1 },
    { term: 'calls', count: 1 },
    { term: 'latency', count: 1 },
    { term: 'matters', count: 1 },
  ]);
});

test('at most ten, ties in order of first appearance, case folded, possessive dropped', () => {
  const text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda Alpha ALPHA beta kappa's";
  const top = topKeywords(text, 'en');
  assert.equal(top.length, 10);
  assert.deepEqual(top.slice(0, 3), [
    { term: 'alpha', count: 3 },
    { term: 'beta', count: 2 },
    { term: 'kappa', count: 2 },
  ]);
  assert.deepEqual(
    top.slice(3).map((k) => k.term),
    ['gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota'],
  );
});

test("the detected language's stop words are removed", () => {
  const de = 'Der Server und der Server und die Datenbank sind nicht schnell, aber der Server ist wichtig.';
  assert.deepEqual(
    topKeywords(de, 'de').map((k) => k.term),
    ['server', 'datenbank', 'schnell', 'wichtig'],
  );
});

test("'und' removes every profile's stop words", () => {
  assert.deepEqual(
    topKeywords('und der les para the pipeline pipeline', 'und').map((k) => k.term),
    ['pipeline'],
  );
});

test('unicode terms, accents and emoji', () => {
  assert.deepEqual(topKeywords('café café naïve 😀 😀 😀 日本語 日本語', 'und'), [
    { term: 'café', count: 2 },
    { term: '日本語', count: 2 },
    { term: 'naïve', count: 1 },
  ]);
});

test('empty text has no keywords', () => {
  assert.deepEqual(topKeywords('', 'en'), []);
});
