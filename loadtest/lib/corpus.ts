/**
 * The shared, deterministic corpus the k6 suites send (and Node tests can inspect).
 *
 * Written by hand because no k6-compatible library generates documents with a chosen size
 * distribution and mix of formats. Pure: no k6 or Node imports, so both runtimes load it.
 *
 * Mix (per document index, decided by a seeded PRNG):
 *   - sizes: ~86% 1-10 KB, ~11% 10-100 KB, ~3% 100 KB-1 MB (log-uniform inside each band);
 *   - formats: text/plain, text/markdown, text/html, sent either as JSON or as a raw body;
 *   - ~3% exact duplicates of an earlier document (the processor answers 200 "duplicate");
 *   - ~4% invalid on purpose, each with the 4xx family it must get back.
 */

export type ContentType = 'text/plain' | 'text/markdown' | 'text/html';

export interface ValidDocument {
  kind: 'valid';
  index: number;
  contentType: ContentType;
  /** JSON `{content, contentType, title, source, metadata}` or a raw text/* body. */
  encoding: 'json' | 'raw';
  title: string;
  content: string;
  /** True when this is a deliberate copy of an earlier document's content. */
  duplicateOf: number | null;
}

export type InvalidReason =
  'empty-content' | 'unknown-content-type' | 'unknown-field' | 'malformed-json' | 'wrong-media-type';

export interface InvalidDocument {
  kind: 'invalid';
  index: number;
  reason: InvalidReason;
  /** Exactly what to send. */
  body: string;
  headers: Record<string, string>;
}

export type CorpusDocument = ValidDocument | InvalidDocument;

export interface CorpusOptions {
  seed: number;
  /** paragraphPool(seed), built once and reused for every document. */
  paragraphs: readonly string[];
  /** Fractions; defaults match the mix above. */
  duplicateRate?: number;
  invalidRate?: number;
}

/** mulberry32: tiny, fast, good enough for picking words; deterministic for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One independent stream per (seed, index), so document N never depends on documents < N. */
function streamFor(seed: number, index: number): () => number {
  return prng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

// English with its stop words, so the processor's language detection and keyword stages
// see text that looks like the real thing.
const words = (
  'the of and to in is that for it as was with be by on not he this are or his from at which ' +
  'but have an they you were her she there been one all we their has would when if so no will ' +
  'capacity queue worker latency throughput document service release planning forecast cluster ' +
  'request response budget replica storage network incident review report customer invoice ' +
  'contract payment shipment order delivery account security policy backup database cache ' +
  'meeting schedule project team engineer manager quarter revenue growth market product design ' +
  'research analysis result method sample data model error failure recovery monitor alert'
).split(' ');

const domains = ['example.com', 'example.org', 'headroom.test', 'docs.example.net'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function sentence(rand: () => number): string {
  const n = 6 + Math.floor(rand() * 14);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(rand, words));
  const first = out[0] as string;
  out[0] = first.charAt(0).toUpperCase() + first.slice(1);
  let s = out.join(' ');
  const extra = rand();
  if (extra < 0.05) s += ` Contact ${pick(rand, words)}@${pick(rand, domains)} for details`;
  else if (extra < 0.1)
    s += ` on 2026-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
  return `${s}.`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function paragraph(rand: () => number): string {
  const n = 3 + Math.floor(rand() * 5);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(rand));
  return out.join(' ');
}

/** Target size in bytes: the 1-10 KB body with a long tail to 1 MB. */
export function sizeFor(rand: () => number): number {
  const band = rand();
  const [lo, hi] = band < 0.86 ? [1024, 10240] : band < 0.97 ? [10240, 102400] : [102400, 1048576];
  return Math.round(lo * Math.pow(hi / lo, rand()));
}

// Documents are composed from a pool of paragraphs built once per seed: it keeps the
// generator cheap inside k6 (a 1 MB document would otherwise mean ~170k PRNG word picks in
// the goja runtime) while sizes, formats and uniqueness stay what the mix says. The runner
// builds the pool and hands it to k6 as a file: built in k6, it cost each VU ~120 ms of CPU
// on its first document, and a capacity step's ~120 fresh VUs spent ~15 s of CPU in the
// measured scenario's first seconds, beside the processor they were timing.
const poolSize = 256;

/** The paragraphs documents are composed from (`CorpusOptions.paragraphs`). */
export function paragraphPool(seed: number): string[] {
  const rand = prng(seed ^ 0x5bd1e995);
  const pool: string[] = [];
  for (let i = 0; i < poolSize; i++) pool.push(paragraph(rand));
  return pool;
}

function render(
  rand: () => number,
  pool: readonly string[],
  contentType: ContentType,
  title: string,
  ref: string,
  size: number,
): string {
  const parts: string[] = [];
  let length = 0;
  const add = (s: string) => {
    parts.push(s);
    length += s.length + 1;
  };
  // The reference line makes every non-duplicate unique, so content-hash dedup only
  // triggers on the deliberate duplicates.
  if (contentType === 'text/html') {
    add(`<!doctype html><html><head><title>${title}</title></head><body>`);
    add(`<h1>${title}</h1><p>Reference ${ref}</p>`);
  } else if (contentType === 'text/markdown') {
    add(`# ${title}\n\nReference ${ref}\n`);
  } else {
    add(`${title}\n\nReference ${ref}\n`);
  }
  let section = 0;
  while (length < size) {
    const p = pick(rand, pool);
    if (contentType === 'text/html') {
      if (rand() < 0.2) add(`<h2>Section ${++section}</h2>`);
      const link =
        rand() < 0.3 ? ` <a href="https://${pick(rand, domains)}/${pick(rand, words)}">more</a>` : '';
      add(`<p>${p}${link}</p>`);
    } else if (contentType === 'text/markdown') {
      if (rand() < 0.2) add(`## Section ${++section}\n`);
      // List items come from the pool too: a fresh sentence is ~13 PRNG draws, ~2 µs each in k6.
      if (rand() < 0.15) add(`- ${pick(rand, pool)}\n- ${pick(rand, pool)}\n`);
      const link = rand() < 0.3 ? ` [more](https://${pick(rand, domains)}/${pick(rand, words)})` : '';
      add(`${p}${link}\n`);
    } else {
      add(`${p}\n`);
    }
  }
  if (contentType === 'text/html') add('</body></html>');
  return parts.join('\n');
}

const contentTypes: readonly ContentType[] = ['text/plain', 'text/markdown', 'text/html'];

function validDocument(options: CorpusOptions, index: number, duplicateOf: number | null): ValidDocument {
  const { seed } = options;
  const source = duplicateOf ?? index;
  const rand = streamFor(seed, source);
  rand(); // the draw that decided duplicate/invalid for this index
  rand();
  const contentType = pick(rand, contentTypes);
  const size = sizeFor(rand);
  const title = `${pick(rand, words)} ${pick(rand, words)} report ${source}`.replace(/^./, (c) =>
    c.toUpperCase(),
  );
  const content = render(rand, options.paragraphs, contentType, title, `${seed}-${source}`, size);
  // The encoding is decided by this index's own stream: a duplicate may arrive differently.
  const encoding = streamFor(seed, index)() < 0.8 ? 'json' : 'raw';
  return { kind: 'valid', index, contentType, encoding, title, content, duplicateOf };
}

const invalidReasons: readonly InvalidReason[] = [
  'empty-content',
  'unknown-content-type',
  'unknown-field',
  'malformed-json',
  'wrong-media-type',
];

function invalidDocument(rand: () => number, index: number): InvalidDocument {
  const reason = pick(rand, invalidReasons);
  const json = { 'Content-Type': 'application/json' };
  switch (reason) {
    case 'empty-content':
      return { kind: 'invalid', index, reason, headers: json, body: JSON.stringify({ content: '' }) };
    case 'unknown-content-type':
      return {
        kind: 'invalid',
        index,
        reason,
        headers: json,
        body: JSON.stringify({ content: 'a perfectly fine sentence', contentType: 'application/pdf' }),
      };
    case 'unknown-field':
      return {
        kind: 'invalid',
        index,
        reason,
        headers: json,
        body: JSON.stringify({ content: 'a perfectly fine sentence', colour: 'blue' }),
      };
    case 'malformed-json':
      return { kind: 'invalid', index, reason, headers: json, body: '{"content": "unterminated' };
    case 'wrong-media-type':
      return {
        kind: 'invalid',
        index,
        reason,
        headers: { 'Content-Type': 'application/octet-stream' },
        body: 'binary-ish payload',
      };
  }
}

/** Document number `index` of the corpus for `seed`: same inputs, same document. */
export function corpusDocument(options: CorpusOptions, index: number): CorpusDocument {
  const duplicateRate = options.duplicateRate ?? 0.03;
  const invalidRate = options.invalidRate ?? 0.04;
  const rand = streamFor(options.seed, index);
  const roll = rand();
  if (roll < invalidRate) return invalidDocument(rand, index);
  // A duplicate copies an earlier index (well before this one, so it has usually been sent).
  if (roll < invalidRate + duplicateRate && index >= 20) {
    const earlier = Math.floor(rand() * (index - 10));
    const original = corpusDocument(options, earlier);
    if (original.kind === 'valid' && original.duplicateOf === null) {
      return validDocument(options, index, earlier);
    }
  }
  return validDocument(options, index, null);
}

/** The HTTP request for a valid document: JSON envelope or a raw text/* body. */
export function requestFor(doc: ValidDocument): { body: string; headers: Record<string, string> } {
  if (doc.encoding === 'raw') {
    return { body: doc.content, headers: { 'Content-Type': `${doc.contentType}; charset=utf-8` } };
  }
  return {
    body: JSON.stringify({
      content: doc.content,
      contentType: doc.contentType,
      title: doc.title,
      source: 'headroom-loadtest',
      metadata: { corpusIndex: doc.index },
    }),
    headers: { 'Content-Type': 'application/json' },
  };
}
