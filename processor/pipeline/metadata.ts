import type { NormalisedDocument } from './types.ts';
import { terms } from './terms.ts';
import { cleanText, codePointLength, oneLine } from './text.ts';

export interface Metadata {
  title: string;
  headings: string[];
  wordCount: number;
  characterCount: number;
  readingTimeMinutes: number;
  links: string[];
  emails: string[];
  dates: string[];
}

const wordsPerMinute = 230;
const maxTitleLength = 300;
/** Each list in the result is capped: the result is stored as one row, whatever the input. */
export const maxListItems = 1000;

export function extractMetadata(doc: NormalisedDocument, explicitTitle?: string): Metadata {
  const wordCount = terms(doc.text).total;
  return {
    title: pickTitle(doc, explicitTitle),
    headings: doc.headings.slice(0, maxListItems),
    wordCount,
    characterCount: codePointLength(doc.text),
    readingTimeMinutes: wordCount === 0 ? 0 : Math.max(1, Math.ceil(wordCount / wordsPerMinute)),
    links: findLinks(doc),
    emails: findEmails(doc),
    dates: findDates(doc.text),
  };
}

/** Explicit title, else the one the markup declares, else the first heading, else the first line. */
function pickTitle(doc: NormalisedDocument, explicitTitle?: string): string {
  const candidates = [explicitTitle, doc.title, doc.headings[0], firstLine(doc.text)];
  for (const candidate of candidates) {
    const title = candidate === undefined ? '' : oneLine(cleanText(candidate));
    if (title) return truncate(title, maxTitleLength);
  }
  return '';
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text.slice(0, 10 * maxTitleLength) : text.slice(0, end);
}

/** At most `max` code points; a cut title ends with an ellipsis. */
function truncate(text: string, max: number): string {
  let count = 0;
  let cut = 0; // end of the first max - 1 code points
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) i++;
    count++;
    if (count === max - 1) cut = i + 1;
    if (count > max) return text.slice(0, cut) + '…';
  }
  return text;
}

// Bare URLs in the text. The character class stops at whitespace, quotes and brackets; a
// match only starts at "http", so the scan is linear.
const bareUrl = /\bhttps?:\/\/[^\s<>"'`{}|\\^[\]()]+/gi;
const trailingPunctuation = /[.,;:!?*_~]+$/;

// WHATWG URL parsing throws on a bad candidate, and a throw costs microseconds: 1 MB of
// "# http://" (116,000 copies of the candidate "http://#") took a second. Each distinct
// candidate is parsed once, and only this many of them.
const maxLinkCandidates = 10 * maxListItems;

/** Absolute http(s) URLs from the markup and the text, normalised by WHATWG URL, deduplicated. */
function findLinks(doc: NormalisedDocument): string[] {
  const seen = new Set<string>();
  const tried = new Set<string>();
  /** False once no further candidate can change the result. */
  const add = (raw: string): boolean => {
    if (seen.size >= maxListItems || tried.size >= maxLinkCandidates) return false;
    const candidate = raw.trim();
    if (tried.has(candidate)) return true;
    tried.add(candidate);
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return true;
    }
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) seen.add(url.href);
    return true;
  };
  for (const href of doc.links) if (!add(href)) break;
  for (const match of doc.text.matchAll(bareUrl)) {
    if (!add(match[0].replace(trailingPunctuation, ''))) break;
  }
  return [...seen];
}

const localChar = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/;
const domainChar = /[A-Za-z0-9.-]/;
const domainShape = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * E-mail addresses, by hand: a single regex like `[\w.]+@[\w.]+\.\w+` backtracks
 * quadratically over a long run of word characters with no '@'. Here each '@' is expanded
 * left and right at most 64 / 255 characters (the RFC 5321 limits), so the scan is linear.
 */
function findEmails(doc: NormalisedDocument): string[] {
  const seen = new Set<string>();
  // mailto: targets first: <a href="mailto:x@y.org">Contact us</a> has no address in its text.
  const mailtos = doc.links.filter((l) => /^mailto:/i.test(l)).map((l) => decodeMailto(l.slice(7)));
  const text = mailtos.length > 0 ? `${mailtos.join(' ')}\n${doc.text}` : doc.text;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < 64 && localChar.test(text[start - 1])) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 255 && domainChar.test(text[end])) end++;
    const local = text.slice(start, at).replace(/^[.]+/, '');
    const domain = text.slice(at + 1, end).replace(/[.-]+$/, '');
    if (local && !local.endsWith('.') && !local.includes('..') && domainShape.test(domain)) {
      seen.add(`${local}@${domain.toLowerCase()}`);
    }
    at = text.indexOf('@', at + 1);
  }
  return [...seen].slice(0, maxListItems);
}

function decodeMailto(target: string): string {
  const address = target.split('?')[0];
  try {
    return decodeURIComponent(address);
  } catch {
    return address;
  }
}

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const monthNames =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';

// One alternation per written form; every quantifier is bounded, the gaps are 1-3 spaces.
// Sticky: it is only tried where a date can start (see dateMatches).
const dateAt = new RegExp(
  [
    // ISO 8601: 2026-11-23, 2026-11-23T10:00:00Z (the date part counts)
    '(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d])',
    // 23 November 2026, 23rd Nov. 2026
    `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?[ \\t\\u00A0]{1,3}${monthNames}[ \\t\\u00A0,]{1,3}(\\d{4})(?!\\d)`,
    // November 23, 2026
    `\\b${monthNames}[ \\t\\u00A0]{1,3}(\\d{1,2})(?:st|nd|rd|th)?,?[ \\t\\u00A0]{1,3}(\\d{4})(?!\\d)`,
    // 23/11/2026, 23.11.2026 (day first; month first only when the day is > 12: 11/23/2026)
    '(?<![\\d/.])(\\d{1,2})([/.])(\\d{1,2})\\11(\\d{4})(?![\\d/]|\\.\\d)',
  ].join('|'),
  'iy',
);
// Every form has a year of exactly four digits, at most this far from the date's first
// character: "September.   30th,   2026" (the longest month, gaps and suffix) is 21.
const maxYearOffset = 21;
const fourDigits = /(?<!\d)\d{4}(?!\d)/g;

/** Dates in the forms above, as YYYY-MM-DD; impossible dates (2026-02-30) are dropped. */
function findDates(text: string): string[] {
  const seen = new Set<string>();
  for (const m of dateMatches(text)) {
    let ymd: [number, number, number] | null = null;
    if (m[1] !== undefined) ymd = [+m[1], +m[2], +m[3]];
    else if (m[4] !== undefined) ymd = [+m[6], monthNumber(m[5]), +m[4]];
    else if (m[7] !== undefined) ymd = [+m[9], monthNumber(m[7]), +m[8]];
    else if (m[10] !== undefined) {
      const first = +m[10];
      const second = +m[12];
      ymd = second > 12 && first <= 12 ? [+m[13], first, second] : [+m[13], second, first];
    }
    if (ymd && isRealDate(...ymd)) seen.add(formatDate(...ymd));
  }
  return [...seen].slice(0, maxListItems);
}

/**
 * The matches a global scan of the date pattern would find, left to right, without trying it
 * at every word boundary (the month names made that the pipeline's most expensive regex):
 * each position up to maxYearOffset before a four-digit run is tried once, in order.
 */
function* dateMatches(text: string): Generator<RegExpExecArray> {
  let next = 0; // every start before this was tried or lies inside a match
  for (const year of text.matchAll(fourDigits)) {
    for (let start = Math.max(next, year.index - maxYearOffset); start <= year.index; start++) {
      dateAt.lastIndex = start;
      const m = dateAt.exec(text);
      if (m) {
        next = dateAt.lastIndex;
        yield m;
        break;
      }
    }
    next = Math.max(next, year.index + 1);
  }
}

function monthNumber(name: string): number {
  const prefix = name.toLowerCase().slice(0, 3);
  return months.findIndex((m) => m.startsWith(prefix)) + 1;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no DST or zone effects).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
