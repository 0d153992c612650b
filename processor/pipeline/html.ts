import { Tokenizer } from 'htmlparser2';
import type { NormalisedDocument } from './types.ts';
import { cleanText, oneLine, tidyLines } from './text.ts';

// htmlparser2's tokenizer: spec-shaped states (raw-text script/style/title, comments,
// CDATA), named and numeric entities decoded, linear on hostile markup (1 MB of '<').

/** Elements whose content is never document text. */
const skipped = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'select',
  'textarea',
  'button',
  // captured as the title, not body text
  'title',
]);

/** Elements that start and end a line of text. */
const blocks = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

/** Elements that end a paragraph (a blank line after them). */
const paragraphs = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'table',
  'ul',
  'ol',
]);

const headingTags = /^h[1-6]$/;

// Whitespace runs other than a lone ' ' (the common case, left alone rather than replaced by itself).
const whitespaceRun = /[^\S ]\s*| \s+/g;

/** Elements that never have content or a closing tag. */
const voids = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

export function normaliseHtml(html: string): NormalisedDocument {
  const out: string[] = [];
  const headings: string[] = [];
  const links: string[] = [];
  let base: string | undefined;
  let title: string | undefined;
  let skipDepth = 0;
  let preDepth = 0;
  let heading: string[] | null = null;
  let titleText: string[] | null = null;
  // Line breaks are owed, not written, until the next text: nested blocks (</li></ul></div>)
  // then give one break, not one per tag. 1 = new line, 2 = new paragraph.
  let owed = 0;
  const owe = (breaks: number): void => {
    owed = Math.max(owed, breaks);
  };
  const emit = (text: string): void => {
    if (owed > 0) out.push(owed > 1 ? '\n\n' : '\n');
    owed = 0;
    out.push(text);
  };

  const open = (name: string, attrs: Map<string, string>): void => {
    if (name === 'title' && title === undefined) titleText = [];
    if (name === 'base' && base === undefined && attrs.has('href')) base = attrs.get('href');
    if (skipped.has(name)) {
      if (!voids.has(name)) skipDepth++;
      return;
    }
    if (skipDepth > 0) return;
    if (blocks.has(name)) owe(paragraphs.has(name) ? 2 : 1);
    if (name === 'br') emit('\n');
    if (name === 'hr') owe(2);
    if (name === 'td' || name === 'th') emit(' ');
    if (name === 'pre') preDepth++;
    if (headingTags.test(name)) heading = [];
    const href = attrs.get('href');
    if (name === 'a' && href) links.push(href);
    const alt = attrs.get('alt');
    if (name === 'img' && alt) emit(` ${alt} `);
  };
  const close = (name: string): void => {
    if (name === 'title' && titleText) {
      title = oneLine(cleanText(titleText.join('')));
      titleText = null;
    }
    if (skipped.has(name)) {
      if (skipDepth > 0) skipDepth--;
      return;
    }
    if (skipDepth > 0) return;
    if (name === 'pre' && preDepth > 0) preDepth--;
    if (headingTags.test(name) && heading) {
      const text = oneLine(cleanText(heading.join('')));
      if (text) headings.push(text);
      heading = null;
    }
    if (name === 'td' || name === 'th') emit(' ');
    if (blocks.has(name)) owe(paragraphs.has(name) ? 2 : 1);
  };
  const text = (chunk: string): void => {
    if (titleText) titleText.push(chunk);
    if (skipDepth > 0) return;
    emit(preDepth > 0 ? chunk : chunk.replace(whitespaceRun, ' '));
    if (heading) heading.push(chunk);
  };

  // The tokenizer, not htmlparser2's Parser: the Parser keeps its element stack with
  // Array.unshift/shift, which is quadratic in nesting depth (200k unclosed <div> took over a
  // minute). We need no tree, only counters, so tag events are handled here in O(1) each.
  let tagName = '';
  let attrName = '';
  let attrValue = '';
  let attrs = new Map<string, string>();
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        attrs = new Map();
      },
      onattribname(start, end) {
        attrName = html.slice(start, end).toLowerCase();
        attrValue = '';
      },
      onattribdata(start, end) {
        attrValue += html.slice(start, end);
      },
      onattribentity(codepoint) {
        attrValue += String.fromCodePoint(codepoint);
      },
      onattribend() {
        if (!attrs.has(attrName)) attrs.set(attrName, attrValue);
      },
      onopentagend() {
        open(tagName, attrs);
        if (voids.has(tagName)) close(tagName);
      },
      onselfclosingtag() {
        // HTML ignores the slash on non-void elements (<div/> opens a div), as browsers do.
        open(tagName, attrs);
        if (voids.has(tagName)) close(tagName);
      },
      onclosetag(start, end) {
        const name = html.slice(start, end).toLowerCase();
        if (name === 'br')
          emit('\n'); // </br> is a line break in browsers too
        else if (!voids.has(name)) close(name);
      },
      ontext(start, end) {
        text(html.slice(start, end));
      },
      ontextentity(codepoint) {
        text(String.fromCodePoint(codepoint));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  if (titleText) close('title');
  if (heading) close('h1');

  return {
    text: tidyLines(cleanText(out.join(''))),
    ...(title ? { title } : {}),
    headings,
    links: links.map((href) => resolve(href, base)),
  };
}

function resolve(href: string, base: string | undefined): string {
  const trimmed = href.trim();
  if (base === undefined) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}
