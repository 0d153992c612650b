import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusDocument, paragraphPool, requestFor } from './lib/corpus.ts';
import type { CorpusDocument, CorpusOptions, ValidDocument } from './lib/corpus.ts';

const n = 3000;
const corpus = (seed: number): CorpusOptions => ({ seed, paragraphs: paragraphPool(seed) });
const seed42 = corpus(42);
const docs: CorpusDocument[] = Array.from({ length: n }, (_, i) => corpusDocument(seed42, i));
const valid = docs.filter((d): d is ValidDocument => d.kind === 'valid');

test('the corpus is deterministic for a seed and differs across seeds', () => {
  for (const i of [0, 7, 123, 2999]) {
    assert.deepEqual(corpusDocument(seed42, i), docs[i]);
  }
  const seed43 = corpus(43);
  const other = Array.from({ length: 50 }, (_, i) => corpusDocument(seed43, i));
  const same = other.filter((d, i) => JSON.stringify(d) === JSON.stringify(docs[i])).length;
  assert.ok(same < 5, `${same} of 50 documents identical across seeds`);
});

test('sizes are mostly 1-10 KB with a long tail to 1 MB', () => {
  const originals = valid.filter((d) => d.duplicateOf === null);
  const sizes = originals.map((d) => Buffer.byteLength(d.content));
  const small = sizes.filter((s) => s >= 1024 && s <= 12 * 1024).length / sizes.length;
  assert.ok(small > 0.75 && small < 0.95, `share of 1-10 KB documents: ${small}`);
  assert.ok(Math.min(...sizes) >= 1024, `smallest ${Math.min(...sizes)}`);
  const max = Math.max(...sizes);
  assert.ok(max > 200 * 1024 && max <= 1.1 * 1024 * 1024, `largest ${max}`);
  assert.ok(sizes.filter((s) => s > 100 * 1024).length > 20, 'a tail above 100 KB');
});

test('all three formats, both encodings, and format-specific markup', () => {
  const byType = (t: string) => valid.filter((d) => d.contentType === t);
  for (const t of ['text/plain', 'text/markdown', 'text/html']) {
    assert.ok(byType(t).length > n * 0.25, `${t}: ${byType(t).length}`);
  }
  assert.ok(byType('text/html').every((d) => d.content.includes('<h1>') && d.content.includes('</html>')));
  assert.ok(byType('text/markdown').every((d) => d.content.startsWith('# ')));
  const raw = valid.filter((d) => d.encoding === 'raw').length / valid.length;
  assert.ok(raw > 0.1 && raw < 0.3, `raw share ${raw}`);
  const json = valid.find((d) => d.encoding === 'json')!;
  const body = JSON.parse(requestFor(json).body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['content', 'contentType', 'metadata', 'source', 'title']);
  assert.equal(body.content, json.content);
});

test('some duplicates repeat an earlier document exactly; everything else is unique', () => {
  const dups = valid.filter((d) => d.duplicateOf !== null);
  assert.ok(dups.length > n * 0.015 && dups.length < n * 0.05, `${dups.length} duplicates`);
  for (const d of dups) {
    const original = docs[d.duplicateOf!];
    assert.ok(d.duplicateOf! < d.index);
    assert.equal(original.kind, 'valid');
    assert.equal((original as ValidDocument).content, d.content);
  }
  const originals = valid.filter((d) => d.duplicateOf === null).map((d) => d.content);
  assert.equal(new Set(originals).size, originals.length);
});

test('some documents are invalid on purpose, each tagged with why', () => {
  const invalid = docs.filter((d) => d.kind === 'invalid');
  assert.ok(invalid.length > n * 0.02 && invalid.length < n * 0.07, `${invalid.length} invalid`);
  const reasons = new Set(invalid.map((d) => d.reason));
  assert.deepEqual([...reasons].sort(), [
    'empty-content',
    'malformed-json',
    'unknown-content-type',
    'unknown-field',
    'wrong-media-type',
  ]);
  const malformed = invalid.find((d) => d.reason === 'malformed-json')!;
  assert.throws(() => JSON.parse(malformed.body));
});
