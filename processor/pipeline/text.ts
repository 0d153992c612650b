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
const horizontalSpace = /[ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

/** Well-formed, NFC, '\n' line endings, no invisible control characters. */
export function cleanText(raw: string): string {
  return raw
    .replace(loneSurrogate, '\uFFFD')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(invisible, '')
    .normalize('NFC');
}

/** Collapse spaces inside lines, trim lines, keep at most one blank line between paragraphs. */
export function tidyLines(text: string): string {
  const out: string[] = [];
  let blank = true; // drops leading blank lines
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(horizontalSpace, ' ').trim();
    if (line === '') {
      if (!blank) out.push('');
      blank = true;
    } else {
      out.push(line);
      blank = false;
    }
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** Collapse all whitespace (line breaks too) to single spaces and trim: for headings, titles. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// A word: letters/marks/digits, optionally joined by an apostrophe or hyphen (don't, e-mail).
const wordPattern = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;

export function words(text: string): string[] {
  return text.match(wordPattern) ?? [];
}

// Language, metadata, keywords and classify all need the same lower-cased words of the
// same text; tokenising once per document instead of four times is a third of the
// pipeline's CPU. One entry is enough: the stages run back to back on one document.
let cachedText: string | undefined;
let cachedWords: readonly string[] = [];

/** The words of `text`, lower-cased (computed once per text, shared by the stages). */
export function lowerWords(text: string): readonly string[] {
  if (text !== cachedText) {
    cachedWords = words(text.toLowerCase());
    cachedText = text;
  }
  return cachedWords;
}

/** Unicode code points (an emoji like 😀 is one, not two UTF-16 units). */
export function codePointLength(text: string): number {
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
