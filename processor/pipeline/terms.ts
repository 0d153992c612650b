import { isAscii, words } from './text.ts';

/** A document's lower-cased words: how often each occurs (first seen first) and how many in all. */
export interface Terms {
  readonly counts: ReadonlyMap<string, number>;
  readonly total: number;
  /** The words in order joined by single spaces, for phrase lookups (built on first use). */
  joined(): string;
}

// Language, metadata, keywords and classify all need the same lower-cased words of the same
// text. Counting once per document, then letting each stage walk the distinct terms instead
// of every word, is most of the pipeline's CPU. One entry is enough: the stages run back to
// back on one document.
let cachedText: string | undefined;
let cachedTerms: Terms = { counts: new Map(), total: 0, joined: () => '' };

/** The lower-cased words of `text` with their counts (computed once per text, shared by the stages). */
export function terms(text: string): Terms {
  if (text !== cachedText) {
    const lower = text.toLowerCase();
    cachedTerms = isAscii(lower) ? countAscii(lower) : countWithMap(lower);
    cachedText = text;
  }
  return cachedTerms;
}

function countWithMap(lower: string): Terms {
  const list = words(lower);
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  return { counts, total: list.length, joined: () => list.join(' ') };
}

// In ASCII, words() matches [a-z0-9]+(?:['-][a-z0-9]+)* once lower-cased.
const isWordChar = new Uint8Array(256);
for (const [from, to] of [
  [48, 57],
  [97, 122],
]) {
  for (let c = from; c <= to; c++) isWordChar[c] = 1;
}
const apostrophe = 39;
const hyphen = 45;

/**
 * The same counts as countWithMap for ASCII text (almost all of it), in half the time: a
 * word is hashed while it is scanned and looked up in an open-addressing table by comparing
 * in place, so only a word not seen before becomes a string. Written by hand because a Map
 * needs a fresh string per lookup, and allocating and hashing ~1,500 of them per document was
 * the largest cost left in the pipeline. The scan reads a byte copy of the text: indexing a
 * Buffer is cheaper than charCodeAt, which checks the string's representation every time.
 */
function countAscii(lower: string): Terms {
  const bytes = Buffer.from(lower, 'latin1');
  const table = new WordTable(bytes, lower);
  const n = bytes.length;
  let total = 0;
  let i = 0;
  while (i < n) {
    let c = bytes[i];
    if (isWordChar[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    let hash = 0;
    for (;;) {
      while (i < n && isWordChar[(c = bytes[i])] === 1) {
        hash = (Math.imul(hash, 31) + c) | 0;
        i++;
      }
      // An apostrophe or hyphen joins two runs (don't, e-mail); anywhere else it ends the word.
      if ((c === apostrophe || c === hyphen) && i + 1 < n && isWordChar[bytes[i + 1]] === 1) {
        hash = (Math.imul(hash, 31) + c) | 0;
        i++;
        continue;
      }
      break;
    }
    table.add(start, i, hash);
    total++;
  }
  const counts = table.counts();
  return { counts, total, joined: () => words(lower).join(' ') };
}

/** Open addressing, linear probing, power-of-two size kept under half full. */
class WordTable {
  private keys: Array<string | undefined> = new Array<string | undefined>(256);
  private hashes = new Int32Array(256);
  /** Where each word was first seen in the bytes. */
  private starts = new Int32Array(256);
  private tallies = new Int32Array(256);
  private order: number[] = [];

  constructor(
    private readonly bytes: Buffer,
    private readonly text: string,
  ) {}

  add(start: number, end: number, hash: number): void {
    const mask = this.keys.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === undefined) {
        this.keys[slot] = this.text.slice(start, end);
        this.hashes[slot] = hash;
        this.starts[slot] = start;
        this.tallies[slot] = 1;
        this.order.push(slot);
        if (this.order.length * 2 > this.keys.length) this.grow();
        return;
      }
      if (
        this.hashes[slot] === hash &&
        key.length === length &&
        this.sameBytes(this.starts[slot], start, length)
      ) {
        this.tallies[slot]++;
        return;
      }
    }
  }

  private sameBytes(a: number, b: number, length: number): boolean {
    const bytes = this.bytes;
    for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
    return true;
  }

  /** The words and their counts, in the order first seen. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const slot of this.order) counts.set(this.keys[slot]!, this.tallies[slot]);
    return counts;
  }

  private grow(): void {
    const { keys, hashes, starts, tallies, order } = this;
    const size = keys.length * 2;
    const mask = size - 1;
    this.keys = new Array<string | undefined>(size);
    this.hashes = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.tallies = new Int32Array(size);
    this.order = [];
    for (const old of order) {
      let slot = hashes[old] & mask;
      while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
      this.keys[slot] = keys[old];
      this.hashes[slot] = hashes[old];
      this.starts[slot] = starts[old];
      this.tallies[slot] = tallies[old];
      this.order.push(slot);
    }
  }
}
