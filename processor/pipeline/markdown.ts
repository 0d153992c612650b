import { decodeHTML } from 'entities';
import { normaliseHtml } from './html.ts';
import type { NormalisedDocument } from './types.ts';
import { cleanText, oneLine, tidyLines } from './text.ts';

/*
 * Markdown → text, by hand on purpose. We need the text, headings and link targets, not a
 * rendering, and both well-kept parsers are super-linear on hostile input: measured here,
 * 48 KB of "*a_" repeated takes ~40 s in marked 18 and ~10 s for 12 KB in micromark
 * (emphasis resolution). This is a line-by-line pass: block structure (fences, ATX/setext
 * headings, quotes, lists, tables, HTML blocks, reference definitions) decided per line,
 * then one inline pass per block whose patterns are bounded or decided in a callback, so
 * the whole thing stays linear.
 */

// Escaped ASCII punctuation is parked in the private-use area while the inline patterns
// run, so "\*" survives emphasis stripping; restored at the end.
const parkBase = 0xe000;
const park = (ch: string): string => String.fromCharCode(parkBase + ch.charCodeAt(0));
const parked = /[\uE000-\uE07F]/g;
const unpark = (text: string): string =>
  text.replace(parked, (c) => String.fromCharCode(c.charCodeAt(0) - parkBase));

const escape = /\\([!-/:-@[-`{-~])/g;
const codeSpan = /`([^`\n]{1,2000})`/g;
const asciiPunct = /[!-/:-@[-`{-~]/g;
const image =
  /!\[([^[\]\n]{0,1000})\]\([^()\s]{0,2000}(?:[ \t]{1,3}(?:"[^"\n]{0,500}"|'[^'\n]{0,500}'))?[ \t]{0,3}\)/g;
const link =
  /\[([^[\]\n]{0,1000})\]\([ \t]{0,3}<?([^()\s<>]{0,2000})>?(?:[ \t]{1,3}(?:"[^"\n]{0,500}"|'[^'\n]{0,500}'))?[ \t]{0,3}\)/g;
const referenceLink = /\[([^[\]\n]{1,1000})\]\[[^[\]\n]{0,1000}\]/g;
const autolink = /<((?:https?:\/\/|mailto:)[^<>\s]{1,2000}|[^<>\s@]{1,64}@[^<>\s@]{1,255})>/g;
const inlineTag = /<(\/?)([A-Za-z][A-Za-z0-9-]{0,30})((?:\s[^<>]{0,1000})?)\/?>/g;
const hrefAttr = /\bhref\s{0,3}=\s{0,3}["']?([^"'\s>]{1,2000})/i;
const bareUrl = /\bhttps?:\/\/[^\s<>"'`()[\]]+/gi;
const markerRun = /\*+|_+|~~+|`+/g;
const wordChar = /[\p{L}\p{N}]/u;

// Every replacement below needs one of these to change anything (a bare URL is parked only to
// keep the later passes off it, and unparked at the end): text without one (most headings,
// many paragraphs) comes out as it went in, and eleven passes over a short line cost more than
// the line's whole share of the rest of the pipeline.
const inlineSyntax = /[\\`<[*_~&]/;

/** Inline Markdown → text; link targets are appended to `links`. */
function inline(text: string, links: string[]): string {
  if (!inlineSyntax.test(text)) return text;
  return decodeHTML(
    text
      .replace(escape, (_m, ch: string) => park(ch))
      .replace(codeSpan, (_m, code: string) => code.replace(asciiPunct, park))
      .replace(autolink, (_m, target: string) => {
        if (/^https?:/i.test(unpark(target))) links.push(target);
        return target.replace(/^mailto:/i, '');
      })
      // Bare URLs keep their underscores and asterisks (https://e.com/_private_/x).
      .replace(bareUrl, (url) => url.replace(asciiPunct, park))
      .replace(image, '$1')
      .replace(link, (_m, label: string, href: string) => {
        if (href) links.push(href);
        return label;
      })
      .replace(referenceLink, '$1')
      .replace(inlineTag, (_m, _close: string, name: string, attrs: string) => {
        if (name.toLowerCase() === 'a') {
          const href = hrefAttr.exec(attrs)?.[1];
          if (href) links.push(href);
        }
        return name.toLowerCase() === 'br' ? ' ' : '';
      })
      .replace(markerRun, stripMarker),
  );
}

// Emphasis markers go; a run stays when it is not attached to a word on either side
// ("5 * 3") or, for "_", when it joins two words (snake_case). Decided per whole run in a
// callback: a lookaround after an unbounded run would backtrack quadratically on "*****".
function stripMarker(run: string, offset: number, all: string): string {
  const before = offset > 0 ? all[offset - 1] : ' ';
  const after = offset + run.length < all.length ? all[offset + run.length] : ' ';
  const wordBefore = wordChar.test(before);
  const wordAfter = wordChar.test(after);
  if (run[0] === '_') return wordBefore && wordAfter ? run : '';
  if (/\s/.test(before) && /\s/.test(after)) return run;
  return '';
}

const fenceOpen = /^ {0,3}(`{3,}|~{3,})/;
const atx = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const setextUnderline = /^ {0,3}(?:=+|-+)[ \t]*$/;
const quoteMarker = /^ {0,3}> ?/;
const listMarker = /^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?/;
const referenceDefinition = /^ {0,3}\[[^[\]\n]{1,999}\]:[ \t]{0,3}<?([^\s<>]{1,2000})/;
const htmlBlockStart = /^ {0,3}<(?:[A-Za-z][A-Za-z0-9-]{0,30}(?:[\s/>]|$)|\/[A-Za-z]|!--)/;

function isBlank(line: string): boolean {
  return line.trim() === '';
}

const ruleStart = /^[ \t]*[-*_]/;

/** A thematic break: three or more of the same -, * or _ and nothing but spaces. */
function isRule(line: string): boolean {
  // Most lines are prose: decided by the first character before compacting a long line.
  if (!ruleStart.test(line)) return false;
  const compact = line.replace(/[ \t]/g, '');
  return compact.length >= 3 && /^(?:-+|\*+|_+)$/.test(compact);
}

/** A table's delimiter row: | --- | :---: | */
function isTableDelimiter(line: string | undefined): boolean {
  if (line === undefined || !line.includes('-')) return false;
  const compact = line.replace(/[ \t]/g, '');
  return /^[|:-]+$/.test(compact) && (compact.includes('|') || compact.includes(':'));
}

function stripQuotes(line: string): string {
  let rest = line;
  while (quoteMarker.test(rest)) rest = rest.replace(quoteMarker, '');
  return rest;
}

/** ATX heading text: "## Title ##" → "Title" (trailing #s only when set off by a space). */
function atxText(line: string, hashes: number): string {
  let text = line.trimStart().slice(hashes).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0 || /[ \t]/.test(text[end - 1])) text = text.slice(0, end);
  return text.trim();
}

/** YAML front matter: skipped, its `title:` kept as the declared title. */
function frontMatter(lines: string[]): { end: number; title?: string } {
  if (lines[0]?.trim() !== '---') return { end: 0 };
  for (let i = 1; i < Math.min(lines.length, 200); i++) {
    const line = lines[i].trim();
    if (line === '---' || line === '...') {
      const titleLine = lines.slice(1, i).find((l) => /^title:/i.test(l));
      const title = titleLine
        ?.slice(6)
        .trim()
        .replace(/^(["'])(.*)\1$/, '$2');
      return { end: i + 1, ...(title ? { title } : {}) };
    }
  }
  return { end: 0 };
}

export function normaliseMarkdown(markdown: string): NormalisedDocument {
  // Private-use characters in the input would collide with parked escapes.
  const lines = cleanText(markdown).replace(parked, '').split('\n');
  const out: string[] = [];
  const headings: string[] = [];
  const links: string[] = [];
  const front = frontMatter(lines);
  let paragraph: string[] = [];
  let inList = false; // consecutive list items are lines of one block, not paragraphs
  let fence: { char: string; length: number } | null = null;

  const flush = (endList = true): void => {
    if (paragraph.length > 0) out.push(inline(paragraph.join('\n'), links));
    if (paragraph.length > 0 && !inList) out.push('');
    paragraph = [];
    if (endList && inList) {
      out.push('');
      inList = false;
    }
  };
  const addHeading = (raw: string): void => {
    const text = oneLine(inline(raw, links));
    if (!text) return;
    headings.push(text);
    out.push(text, '');
  };

  for (let i = front.end; i < lines.length; i++) {
    const line = stripQuotes(lines[i]);
    if (fence) {
      const close = fenceOpen.exec(line);
      if (
        close &&
        close[1][0] === fence.char &&
        close[1].length >= fence.length &&
        isBlank(line.slice(close[0].length))
      ) {
        fence = null;
        out.push('');
      } else {
        out.push(line);
      }
      continue;
    }
    const open = fenceOpen.exec(line);
    if (open && !(open[1][0] === '`' && line.slice(open[0].length).includes('`'))) {
      flush();
      fence = { char: open[1][0], length: open[1].length };
      continue;
    }
    if (isBlank(line)) {
      flush();
      continue;
    }
    if (paragraph.length > 0 && setextUnderline.test(line)) {
      const raw = paragraph.join(' ');
      paragraph = [];
      addHeading(raw);
      continue;
    }
    const heading = atx.exec(line);
    if (heading) {
      flush();
      addHeading(atxText(line, heading[1].length));
      continue;
    }
    if (isRule(line)) {
      flush();
      continue;
    }
    const definition = referenceDefinition.exec(line);
    if (definition) {
      links.push(definition[1]);
      continue;
    }
    if (htmlBlockStart.test(line)) {
      flush();
      const block = [line];
      while (i + 1 < lines.length && !isBlank(lines[i + 1])) block.push(lines[++i]);
      const html = normaliseHtml(block.join('\n'));
      out.push(html.text, '');
      headings.push(...html.headings);
      links.push(...html.links);
      continue;
    }
    if (line.includes('|') && isTableDelimiter(lines[i + 1])) {
      flush();
      const rows = [line];
      i++; // the delimiter row
      while (i + 1 < lines.length && lines[i + 1].includes('|') && !isBlank(lines[i + 1]))
        rows.push(lines[++i]);
      for (const row of rows) out.push(inline(row.replace(/\\\|/g, park('|')).replace(/\|/g, ' '), links));
      out.push('');
      continue;
    }
    const item = listMarker.exec(line);
    if (item) {
      // Each list item is its own line of text; a heading inside one ("- # x") is rare enough.
      if (!inList) flush();
      inList = true;
      flush(false);
      paragraph.push(line.slice(item[0].length));
      continue;
    }
    paragraph.push(line);
  }
  flush();

  return {
    text: tidyLines(unpark(out.join('\n'))),
    ...(front.title ? { title: oneLine(front.title) } : {}),
    headings: headings.map(unpark),
    links: links.map(unpark),
  };
}
