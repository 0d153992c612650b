/**
 * Text helpers shared by the stages. Every regular expression here is linear: no nested or
 * adjacent unbounded quantifiers that can match the same characters.
 */

// C0/C1 controls except tab and line feed, soft hyphen, bidi marks, embeddings, overrides
// and isolates (the "trojan source" characters), zero-width space, word joiner and BOM:
// invisible, and they would make equal-looking text hash differently. ZWJ/ZWNJ stay: emoji
// and scripts need them.
const invisible =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
// Lone UTF-16 surrogates (from a broken producer) become U+FFFD so every later step and the
// hash see well-formed text. (String.prototype.toWellFormed is not in this TS lib target.)
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Runs of horizontal space other than the single ' ' between words (most matches of a plain
// run pattern would replace a space with itself, which costs most of the pass).
const spaceRun =
  / [ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+|[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000][ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]*/g;

// Any character one of cleanText's replacements could touch (surrogates, CR, U+2028/2029,
// and the invisible set, which holds CR and U+0085): most documents have none, and one scan
// that finds nothing is cheaper than three replace passes that find nothing.
const needsCleaning =
  // eslint-disable-next-line no-control-regex -- see invisible
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060\u2066-\u2069\uFEFF\uD800-\uDFFF]/;

/** Well-formed, NFC, '\n' line endings, no invisible control characters. */
export function cleanText(raw: string): string {
  if (!needsCleaning.test(raw)) return raw.normalize('NFC');
  return raw
    .replace(loneSurrogate, '\uFFFD')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(invisible, '')
    .normalize('NFC');
}

/**
 * Collapse spaces inside lines, trim lines, keep at most one blank line between paragraphs.
 * Expects cleanText's output (line feeds only, no vertical tab or form feed): a few linear
 * passes over the whole text instead of a split, a replace and a trim per line.
 */
export function tidyLines(text: string): string {
  return (
    text
      .replace(spaceRun, ' ')
      // Spaces are single by now: at most one on each side of a line break. Two literal
      // passes are faster than one / ?\n ?/ that stops at every space.
      .replaceAll('\n ', '\n')
      .replaceAll(' \n', '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** Collapse all whitespace (line breaks too) to single spaces and trim: for headings, titles. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// A word: letters/marks/digits, optionally joined by an apostrophe or hyphen (don't, e-mail).
const wordPattern = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;
// The same pattern for text with no character above U+007F (the letters and digits of ASCII
// are its only \p{L} and \p{N}; it has no marks): a third faster without Unicode classes.
const asciiWordPattern = /[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*/g;
const nonAscii = /[\u0080-\uFFFF]/;

/** True when every character is below U+0080. */
export function isAscii(text: string): boolean {
  return !nonAscii.test(text);
}

export function words(text: string): string[] {
  return text.match(isAscii(text) ? asciiWordPattern : wordPattern) ?? [];
}

const highSurrogate = /[\uD800-\uDBFF]/;

/** Unicode code points (an emoji like 😀 is one, not two UTF-16 units). */
export function codePointLength(text: string): number {
  // Most text has no astral characters: one regex scan answers without a loop in JS.
  if (!highSurrogate.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      n--;
      i++;
    }
  }
  return n;
}
