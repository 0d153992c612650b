import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractMetadata } from './metadata.ts';
import type { NormalisedDocument } from './types.ts';

const doc = (text: string, extra: Partial<NormalisedDocument> = {}): NormalisedDocument => ({
  text,
  headings: [],
  links: [],
  ...extra,
});

describe('title', () => {
  test('explicit, else declared, else first heading, else first line', () => {
    const full = doc('First line\nmore', { title: 'Declared', headings: ['Heading'] });
    assert.equal(extractMetadata(full, '  Explicit  title ').title, 'Explicit title');
    assert.equal(extractMetadata(full).title, 'Declared');
    assert.equal(extractMetadata(doc('First line\nmore', { headings: ['Heading'] })).title, 'Heading');
    assert.equal(extractMetadata(doc('First line\nmore')).title, 'First line');
    assert.equal(extractMetadata(doc('x', { title: '   ' }), '').title, 'x');
  });

  test('a very long first line is cut at 300 characters with an ellipsis, emoji intact', () => {
    const title = extractMetadata(doc('😀'.repeat(1000))).title;
    assert.equal(Array.from(title).length, 300);
    assert.ok(title.endsWith('😀…'));
  });
});

describe('counts', () => {
  test('words, code points and reading time', () => {
    const meta = extractMetadata(doc("Don't stop: e-mail 42 times, 3.5 km 😀 naïve café"));
    // Don't / stop / e-mail / 42 / times / 3 / 5 / km / naïve / café
    assert.equal(meta.wordCount, 10);
    assert.equal(meta.characterCount, Array.from("Don't stop: e-mail 42 times, 3.5 km 😀 naïve café").length);
    assert.equal(meta.readingTimeMinutes, 1);
  });

  test('reading time is words / 230 rounded up, at least 1, 0 when there are no words', () => {
    assert.equal(extractMetadata(doc('word '.repeat(230).trim())).readingTimeMinutes, 1);
    assert.equal(extractMetadata(doc('word '.repeat(231).trim())).readingTimeMinutes, 2);
    assert.equal(extractMetadata(doc('word '.repeat(1000).trim())).readingTimeMinutes, 5);
    assert.equal(extractMetadata(doc('— … !!')).readingTimeMinutes, 0);
  });

  test('RTL scripts count as words', () => {
    assert.equal(extractMetadata(doc('שלום עולם مرحبا بالعالم')).wordCount, 4);
  });
});

describe('links', () => {
  test('absolute http(s) only, from markup and bare text, normalised and deduplicated', () => {
    const meta = extractMetadata(
      doc(
        'Go to https://Example.com/a?b=1. Or (http://example.org/x), ftp://no.example and https://example.com/a?b=1',
        {
          links: [
            '/relative',
            'https://EXAMPLE.com/a?b=1',
            'javascript:alert(1)',
            'mailto:a@b.co',
            'https://x.example',
          ],
        },
      ),
    );
    assert.deepEqual(meta.links, ['https://example.com/a?b=1', 'https://x.example/', 'http://example.org/x']);
  });
});

describe('e-mail addresses', () => {
  test('finds and deduplicates addresses, lower-cases the domain', () => {
    const meta = extractMetadata(
      doc(
        'Write to Ops.Team+alerts@Example.COM or ops.team+alerts@example.com, not @handle, a@b, x@localhost or me@.com.',
      ),
    );
    assert.deepEqual(meta.emails, ['Ops.Team+alerts@example.com', 'ops.team+alerts@example.com']);
  });

  test('mailto: link targets count, decoded, without their query', () => {
    const meta = extractMetadata(
      doc('Contact us', {
        links: ['mailto:sales%40example.com?subject=Hi', 'MAILTO:help@example.org', 'mailto:nope'],
      }),
    );
    assert.deepEqual(meta.emails, ['sales@example.com', 'help@example.org']);
  });

  test('trailing punctuation and angle brackets are not part of the address', () => {
    assert.deepEqual(extractMetadata(doc('<jane@mail.example.org>, bob@x.io.')).emails, [
      'jane@mail.example.org',
      'bob@x.io',
    ]);
  });
});

describe('dates', () => {
  test('each written form, normalised to YYYY-MM-DD, in order, deduplicated', () => {
    const meta = extractMetadata(
      doc(
        'Due 2026-11-23T10:00:00Z, signed 23 November 2026, posted November 24, 2026, ' +
          'paid 25/11/2026 and 26.11.2026, US style 11/27/2026, 1st Dec. 2026, Jan 2 2027, again 2026-11-23.',
      ),
    );
    assert.deepEqual(meta.dates, [
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-12-01',
      '2027-01-02',
    ]);
  });

  test('the longest written forms, with every gap and suffix at its widest, are found', () => {
    const meta = extractMetadata(doc('Signed September.   30th,   2026 and 29th \u00A0 SEPTEMBER.,  2026.'));
    assert.deepEqual(meta.dates, ['2026-09-30', '2026-09-29']);
  });

  test('impossible dates are rejected, leap years respected', () => {
    const meta = extractMetadata(
      doc('2026-02-30 2026-13-01 31 April 2026 30/02/2026 2024-02-29 29 February 2025 00/01/2026 2028-02-29'),
    );
    assert.deepEqual(meta.dates, ['2024-02-29', '2028-02-29']);
  });

  test('numbers that only look like dates are not dates', () => {
    assert.deepEqual(
      extractMetadata(doc('version 1.2.2026.5, id 12345-11-23, 1/2/3/2026, phone 2026-11-2345')).dates,
      [],
    );
  });
});

test('lists are capped at 1000 items so one result row stays bounded', () => {
  const text = Array.from({ length: 1500 }, (_, i) => `u${i}@example.com https://e.com/${i} 2026-01-01`).join(
    ' ',
  );
  const headings = Array.from({ length: 1500 }, (_, i) => `H${i}`);
  const meta = extractMetadata(doc(text, { headings }));
  assert.equal(meta.emails.length, 1000);
  assert.equal(meta.links.length, 1000);
  assert.equal(meta.headings.length, 1000);
  assert.equal(meta.emails[999], 'u999@example.com');
  assert.deepEqual([meta.links[0], meta.links[999]], ['https://e.com/0', 'https://e.com/999']);
  assert.deepEqual(meta.dates, ['2026-01-01']);
});

test('link candidates: the search stops after 10,000 distinct ones', () => {
  const bad = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `http://#${tag}${i}`).join(' ');
  const text = `http://# http://# https://a.example/ http://# ${bad(9_990, 'x')} https://b.example/ ${bad(100, 'y')} https://c.example/`;
  // 9,993 distinct candidates before b, c after the 10,000th: not looked for.
  assert.deepEqual(extractMetadata(doc(text)).links, ['https://a.example/', 'https://b.example/']);
});
