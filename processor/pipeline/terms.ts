import { words } from './text.ts';

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
    cachedTerms = hasAstralWordCharacter(lower) ? countWithMap(lower) : countUnits(lower);
    cachedText = text;
  }
  return cachedTerms;
}

const surrogate = /[\uD800-\uDFFF]/;
// A letter, digit or mark beyond the BMP (mathematical letters, historic scripts, CJK
// extension B): the scanner's table only knows the BMP. Emoji and the other astral symbols
// separate words, as their surrogates do in the table, so text with emoji keeps the scanner.
const astralWordCharacter = /[\u{10000}-\u{10FFFF}](?<=[\p{L}\p{N}\p{M}])/u;

function hasAstralWordCharacter(text: string): boolean {
  return surrogate.test(text) && astralWordCharacter.test(text);
}

/** Text with letters outside the BMP: the word regex itself. */
function countWithMap(lower: string): Terms {
  const list = words(lower);
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  return { counts, total: list.length, joined: () => list.join(' ') };
}

// What words() matches, per UTF-16 unit of the BMP: a word starts with a letter or digit,
// goes on with letters, marks and digits, and an apostrophe or hyphen joins two such runs.
const letterOrDigit = 1;
const mark = 2;
const joiner = 3;
const unitClass = new Uint8Array(0x10000);
{
  const letterOrDigitPattern = /[\p{L}\p{N}]/u;
  const markPattern = /\p{M}/u;
  for (let c = 0; c < 0x10000; c++) {
    const unit = String.fromCharCode(c);
    if (letterOrDigitPattern.test(unit)) unitClass[c] = letterOrDigit;
    else if (markPattern.test(unit)) unitClass[c] = mark;
  }
  for (const unit of "'’-") unitClass[unit.charCodeAt(0)] = joiner;
}

/**
 * The same counts as countWithMap for text without astral letters (almost all of it), in a third
 * of the time: a word is hashed while it is scanned and looked up in an open-addressing
 * table by comparing in place, so only a word not seen before becomes a string. Written by
 * hand because a Map needs a fresh string per lookup, and allocating and hashing ~1,500 of
 * them per document was the largest cost in the pipeline. The scan reads a copy of the text's
 * UTF-16 units: indexing a typed array is cheaper than charCodeAt, which checks the string's
 * representation every time.
 */
function countUnits(lower: string): Terms {
  const n = lower.length;
  const units = new Uint16Array(n);
  Buffer.from(units.buffer).write(lower, 'utf16le');
  const table = new WordTable(units, lower);
  let total = 0;
  let i = 0;
  while (i < n) {
    let c = units[i];
    if (unitClass[c] !== letterOrDigit) {
      i++;
      continue;
    }
    const start = i;
    let hash = 0;
    for (;;) {
      while (i < n && (unitClass[(c = units[i])] === letterOrDigit || unitClass[c] === mark)) {
        hash = (Math.imul(hash, 31) + c) | 0;
        i++;
      }
      // An apostrophe or hyphen joins two runs (don't, e-mail); anywhere else it ends the word.
      if (i + 1 < n && unitClass[c] === joiner && unitClass[units[i + 1]] === letterOrDigit) {
        hash = (Math.imul(hash, 31) + c) | 0;
        i++;
        continue;
      }
      break;
    }
    if (!table.add(start, i, hash)) return countWithMap(lower);
    total++;
  }
  return { counts: table.counts(), total, joined: () => words(lower).join(' ') };
}

/**
 * Open addressing, linear probing, power-of-two size kept under half full. The hash is fixed,
 * so words can be written to collide ("an" and "c0" do, and so does every word built of such
 * blocks): 1 MB of them made each insert probe every word before it, 7 s for one document.
 * Past a probe budget no honest text reaches, add() gives up and the caller counts with a
 * Map, whose hash V8 seeds at random.
 */
class WordTable {
  private keys: Array<string | undefined> = new Array<string | undefined>(256);
  private hashes = new Int32Array(256);
  /** Where each word was first seen in the units. */
  private starts = new Int32Array(256);
  private tallies = new Int32Array(256);
  private order: number[] = [];
  private probesLeft = 4096;

  constructor(
    private readonly units: Uint16Array,
    private readonly text: string,
  ) {}

  /** False when the words collide too often to go on (see above). */
  add(start: number, end: number, hash: number): boolean {
    const mask = this.keys.length - 1;
    const length = end - start;
    // Each word may cost a few probes; collisions spend the credit faster than it comes.
    this.probesLeft += 4;
    for (let slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      if (--this.probesLeft < 0) return false;
      const key = this.keys[slot];
      if (key === undefined) {
        this.keys[slot] = this.text.slice(start, end);
        this.hashes[slot] = hash;
        this.starts[slot] = start;
        this.tallies[slot] = 1;
        this.order.push(slot);
        if (this.order.length * 2 > this.keys.length) this.grow();
        return true;
      }
      if (
        this.hashes[slot] === hash &&
        key.length === length &&
        this.same(this.starts[slot], start, length)
      ) {
        this.tallies[slot]++;
        return true;
      }
    }
  }

  private same(a: number, b: number, length: number): boolean {
    const units = this.units;
    for (let k = 0; k < length; k++) if (units[a + k] !== units[b + k]) return false;
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
      let slot = spread(hashes[old]) & mask;
      while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
      this.keys[slot] = keys[old];
      this.hashes[slot] = hashes[old];
      this.starts[slot] = starts[old];
      this.tallies[slot] = tallies[old];
      this.order.push(slot);
    }
  }
}

/**
 * MurmurHash3's finaliser: similar words (item1, item2, ... or 1 to 100000) have hashes close
 * together, which linear probing turns into long clusters; mixed, they land anywhere.
 */
function spread(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
