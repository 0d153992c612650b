import { Parser } from 'htmlparser2';
import type { NormalisedDocument } from './types.ts';
import { cleanText, oneLine, tidyLines } from './text.ts';

// htmlparser2: a streaming tokenizer that is linear on hostile markup (1 MB of '<', 10k
// nested tags), decodes named and numeric entities, and needs no DOM: we only want text.

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
  'br',
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

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title' && title === undefined) titleText = [];
        if (name === 'base' && attrs.href && base === undefined) base = attrs.href;
        if (skipped.has(name)) {
          skipDepth++;
          return;
        }
        if (skipDepth > 0) return;
        if (blocks.has(name)) out.push('\n');
        if (name === 'td' || name === 'th') out.push(' ');
        if (name === 'pre') preDepth++;
        if (headingTags.test(name)) heading = [];
        if (name === 'a' && attrs.href) links.push(attrs.href);
        if (name === 'img' && attrs.alt) out.push(' ', attrs.alt, ' ');
      },
      ontext(text) {
        if (titleText) titleText.push(text);
        if (skipDepth > 0) return;
        out.push(preDepth > 0 ? text : text.replace(/\s+/g, ' '));
        if (heading) heading.push(text);
      },
      onclosetag(name) {
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
        if (name === 'td' || name === 'th') out.push(' ');
        if (blocks.has(name)) out.push(paragraphs.has(name) ? '\n\n' : '\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

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
