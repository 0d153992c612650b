import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classify, loadCategories, parseCategories } from './classify.ts';

const shipped = loadCategories();

describe('the shipped categories.json', () => {
  const cases: [string, string][] = [
    [
      'invoice',
      'INVOICE Invoice number: INV-2026-0042. Bill to: ACME Ltd. Subtotal $1,200.00, VAT 20%, ' +
        'total due $1,440.00. Payment terms: 30 days. Due date 23/12/2026. IBAN DE89 3704 0044.',
    ],
    [
      'contract',
      'This Agreement is made by and between Alpha GmbH and Beta Inc (the parties). The term of this ' +
        'agreement starts on the effective date. Each party shall keep confidentiality. Termination ' +
        'requires 60 days notice. Governing law: Germany. Signature: ____',
    ],
    [
      'incident-report',
      'Incident postmortem: SEV-1 outage of the ingest API. Impact: 23% of requests failed for 41 minutes ' +
        '(downtime). Timeline: 10:02 detected by on-call; 10:43 resolved. Root cause: connection pool ' +
        'exhaustion. Action items: add mitigation and remediation steps.',
    ],
    [
      'resume',
      'Curriculum Vitae — Jane Doe. Profile: backend engineer. Work experience: 2019-2026 ACME, ' +
        'senior engineer. Education: University of Lisbon, Master degree in computer science. ' +
        'Skills: TypeScript, PostgreSQL. Languages: English, Portuguese. References on request.',
    ],
    [
      'newsletter',
      'The Weekly Ops Digest — issue 42. This week: three stories on capacity planning. Read more on our ' +
        'site. You receive this newsletter because you subscribed. Unsubscribe or manage preferences.',
    ],
    [
      'technical-documentation',
      'Installation: run npm install headroom, then configure the API endpoint in config.json. ' +
        'Usage example: POST /v1/documents with a JSON request; the response returns the id. ' +
        'Parameters: contentType, title. See the documentation for version 2.\n$ headroom serve',
    ],
    [
      'legal',
      'Terms of Service. To the fullest extent permitted by law, our liability is limited. You agree to ' +
        'indemnify us. These terms are governed by the laws of the jurisdiction of Ireland. ' +
        'Notwithstanding the above, the privacy policy applies. All rights reserved.',
    ],
  ];
  for (const [expected, text] of cases) {
    test(`${expected} comes first for a typical ${expected}`, () => {
      assert.equal(classify(text, shipped)[0], expected);
    });
  }

  test("anything else is 'other'", () => {
    assert.deepEqual(classify('The cat sat on the mat and looked out of the window.', shipped), ['other']);
    assert.deepEqual(classify('', shipped), ['other']);
  });

  test('a document can be in several categories, best score first', () => {
    const text = `${cases[1][1]} ${cases[6][1]}`;
    const result = classify(text, shipped);
    assert.ok(result.includes('contract') && result.includes('legal'), result.join());
  });
});

describe('rules', () => {
  const categories = parseCategories({
    categories: [
      { name: 'alpha', any: ['red', 'green blue'], minScore: 2 },
      { name: 'beta', any: ['red'], all: ['must have'], minScore: 1 },
      { name: 'gamma', patterns: [{ regex: '\\bticket-\\d{3}\\b', weight: 3 }], any: ['red'], minScore: 3 },
    ],
  });

  test('any: each distinct term or phrase scores once, whole words only', () => {
    assert.deepEqual(classify('red red red', categories), ['other']);
    assert.deepEqual(classify('Red and GREEN   BLUE', categories), ['alpha']);
    assert.deepEqual(classify('reddish greenblue', categories), ['other']);
  });

  test('all: every listed term must be present', () => {
    assert.deepEqual(classify('red, and it must have this', categories), ['beta']);
  });

  test('patterns add their weight; ties keep config order', () => {
    assert.deepEqual(classify('see TICKET-123', categories), ['gamma']);
    assert.deepEqual(classify('see ticket-123, red, green blue, must have', categories), [
      'gamma',
      'alpha',
      'beta',
    ]);
  });
});

describe('validation at load, one clear line naming the field', () => {
  const bad: [unknown, RegExp][] = [
    [[], /categories: must be an array/],
    [{ categories: [] }, /must not be empty/],
    [{ categories: [{ name: 'Bad Name', any: ['x'] }] }, /categories\[0\]\.name: must be a lowercase slug/],
    [
      {
        categories: [
          { name: 'a', any: ['x'] },
          { name: 'a', any: ['y'] },
        ],
      },
      /categories\[1\]\.name: duplicate/,
    ],
    [{ categories: [{ name: 'other', any: ['x'] }] }, /"other" is the fallback/],
    [{ categories: [{ name: 'a', any: ['x'], colour: 'red' }] }, /categories\[0\]\.colour: unknown field/],
    [{ categories: [{ name: 'a', any: 'x' }] }, /categories\[0\]\.any: must be an array/],
    [{ categories: [{ name: 'a', any: ['x', 3] }] }, /categories\[0\]\.any\[1\]: must be a string/],
    [{ categories: [{ name: 'a', any: ['!!'] }] }, /any\[0\]: "!!" has no words/],
    [{ categories: [{ name: 'a' }] }, /needs at least one "any" term or pattern/],
    [
      { categories: [{ name: 'a', patterns: [{ regex: '(' }] }] },
      /patterns\[0\]\.regex: invalid regular expression/,
    ],
    [
      { categories: [{ name: 'a', patterns: [{ regex: '(a+)+$' }] }] },
      /patterns\[0\]\.regex: nested quantifiers/,
    ],
    [
      { categories: [{ name: 'a', patterns: [{ regex: 'x', flags: 'g' }] }] },
      /patterns\[0\]\.flags: only i, m, s and u/,
    ],
    [
      { categories: [{ name: 'a', patterns: [{ regex: 'x', weight: -1 }] }] },
      /patterns\[0\]\.weight: must be a positive/,
    ],
    [
      { categories: [{ name: 'a', any: ['x'], minScore: 0 }] },
      /categories\[0\]\.minScore: must be a positive/,
    ],
  ];
  for (const [raw, message] of bad) {
    test(`rejects ${JSON.stringify(raw)}`, () => {
      assert.throws(
        () => parseCategories(raw, 'test.json'),
        (e: Error) => {
          assert.match(e.message, message);
          assert.match(e.message, /^test\.json: /);
          assert.ok(!e.message.includes('\n'));
          return true;
        },
      );
    });
  }

  test('a missing or malformed file names the file', () => {
    assert.throws(
      () => loadCategories('/nonexistent/categories.json'),
      /\/nonexistent\/categories\.json: cannot read/,
    );
  });
});
