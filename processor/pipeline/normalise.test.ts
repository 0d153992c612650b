import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PipelineError } from './errors.ts';
import { normalise } from './normalise.ts';

const html = (content: string) => normalise(content, 'text/html');
const md = (content: string) => normalise(content, 'text/markdown');
const plain = (content: string) => normalise(content, 'text/plain');

describe('HTML', () => {
  test('drops script, style, comments and head; keeps the <title> apart', () => {
    const doc = html(
      '<!doctype html><html><head><title>Report &amp; Plan</title><style>p{color:red}</style>' +
        '<script>document.write("<p>injected</p>")</script><meta charset="utf-8"></head>' +
        '<body><!-- secret comment --><p>Visible</p><noscript>enable js</noscript></body></html>',
    );
    assert.equal(doc.text, 'Visible');
    assert.equal(doc.title, 'Report & Plan');
  });

  test('block elements become lines and paragraphs; inline elements do not', () => {
    const doc = html(
      '<div><p>First <b>bold</b> <i>para</i>.</p><p>Line one<br>line two</p>' +
        '<ul><li>One</li><li>Two</li></ul><table><tr><th>Name</th><th>Age</th></tr>' +
        '<tr><td>Ann</td><td>30</td></tr></table></div>',
    );
    assert.equal(doc.text, 'First bold para.\n\nLine one\nline two\n\nOne\nTwo\n\nName Age\nAnn 30');
  });

  test('decodes named, decimal and hex entities, in text and attributes', () => {
    const doc = html(
      '<p>&lt;b&gt; &amp; &copy; &#169; &#x263A; &eacute;t&eacute; &nbsp;x</p><a href="https://e.com/?a=1&amp;b=2">l</a>',
    );
    assert.equal(doc.text, '<b> & © © ☺ été x\n\nl');
    assert.deepEqual(doc.links, ['https://e.com/?a=1&b=2']);
  });

  test('collapses whitespace except inside <pre>', () => {
    const doc = html('<p>a   b\n\n  c</p><pre>x  =  1\ny  =  2</pre>');
    assert.equal(doc.text, 'a b c\n\nx = 1\ny = 2');
    assert.match(html('<pre>one\ntwo</pre>').text, /^one\ntwo$/);
  });

  test('collects headings and link targets, resolving against <base>', () => {
    const doc = html(
      '<base href="https://docs.example/guide/"><h1>Intro <em>here</em></h1><h2>  Setup </h2>' +
        '<a href="install">rel</a> <a href="https://other.example/x">abs</a> <a>no href</a>',
    );
    assert.deepEqual(doc.headings, ['Intro here', 'Setup']);
    assert.deepEqual(doc.links, ['https://docs.example/guide/install', 'https://other.example/x']);
  });

  test('HTML injection stays text or disappears; nothing executes or leaks from attributes', () => {
    const doc = html(
      '<p>Hi<img src=x onerror="alert(1)" alt="photo"><svg><script>alert(2)</script><text>svg</text></svg>' +
        '<iframe src="javascript:alert(3)">frame</iframe>&lt;script&gt;alert(4)&lt;/script&gt;</p>',
    );
    assert.equal(doc.text, 'Hi photo <script>alert(4)</script>');
  });

  test('unclosed and mis-nested tags still yield the text', () => {
    assert.equal(html('<div><p>one<p>two</div></span><b>three').text, 'one\n\ntwo\nthree');
    assert.equal(html('text < 5 and a<b c').text, 'text < 5 and a');
  });
});

describe('Markdown', () => {
  test('headings (ATX and setext), emphasis, code spans, escapes', () => {
    const doc = md(
      '# Title *one* #\n\nSome **bold**, _em_ and `a*b_c` with snake_case and \\*stars\\*.\n\n' +
        'Second heading\n--------------\n\n5 * 3 = 15',
    );
    assert.equal(
      doc.text,
      'Title one\n\nSome bold, em and a*b_c with snake_case and *stars*.\n\nSecond heading\n\n5 * 3 = 15',
    );
    assert.deepEqual(doc.headings, ['Title one', 'Second heading']);
  });

  test('links keep their text; targets from inline, reference, auto and HTML links', () => {
    const doc = md(
      'See [the docs](https://docs.example/a "Docs") and [ref][r], <https://auto.example/p>, ' +
        '![a chart](chart.png) and <a href="https://html.example/">html</a>.\n\n[r]: https://ref.example/\n',
    );
    assert.equal(doc.text, 'See the docs and ref, https://auto.example/p, a chart and html.');
    assert.deepEqual(doc.links.toSorted(), [
      'https://auto.example/p',
      'https://docs.example/a',
      'https://html.example/',
      'https://ref.example/',
    ]);
  });

  test('bare URLs keep their underscores and asterisks', () => {
    const doc = md('See https://e.com/_private_/a*b* and <https://f.com/x_y_> or [z](https://g.com/_z_).');
    assert.equal(doc.text, 'See https://e.com/_private_/a*b* and https://f.com/x_y_ or z.');
    assert.deepEqual(doc.links, ['https://f.com/x_y_', 'https://g.com/_z_']);
  });

  test('lists, quotes, tables and fenced code', () => {
    const doc = md(
      '- one\n- [x] two\n  continued\n1. three\n\n> quoted *text*\n> > nested\n\n' +
        '| Name | Age |\n|:-----|----:|\n| Ann | 30 |\n| B\\|b | 4 |\n\n' +
        '```ts\nconst a = b * c; // *kept*\n```\n\n~~~\n# not a heading\n~~~\n\n***\nend',
    );
    assert.equal(
      doc.text,
      'one\ntwo\ncontinued\nthree\n\nquoted text\nnested\n\nName Age\nAnn 30\nB|b 4\n\n' +
        'const a = b * c; // *kept*\n\n# not a heading\n\nend',
    );
    assert.deepEqual(doc.headings, []);
  });

  test('front matter gives the title and is not text; HTML blocks go through the HTML normaliser', () => {
    const doc = md(
      '---\ntitle: "From front matter"\ntags: [a]\n---\n<div>\n<h2>Block &amp; more</h2>\n</div>\n\nafter',
    );
    assert.equal(doc.title, 'From front matter');
    assert.equal(doc.text, 'Block & more\n\nafter');
    assert.deepEqual(doc.headings, ['Block & more']);
  });

  test('entities are decoded, private-use characters cannot forge escapes', () => {
    assert.equal(md('Fish &amp; chips &#8364;5').text, 'Fish & chips €5');
    assert.equal(md('a\uE02Ab').text, 'ab');
  });
});

describe('plain text and hostile characters', () => {
  test('NUL and control characters are removed, line endings normalised, spaces collapsed', () => {
    assert.equal(plain('a\u0000b\r\nc\rd\u0007  e\t\tf\u000c').text, 'ab\nc\nd e f');
  });

  test('bidi overrides and zero-width spaces go; RTL text, emoji and ZWJ sequences stay', () => {
    const doc = plain('\u202Eevil\u202C שלום עולם مرحبا 👩‍👩‍👧 a\u200Bb \uFEFF😀');
    assert.equal(doc.text, 'evil שלום עולם مرحبا 👩‍👩‍👧 ab 😀');
  });

  test('soft hyphens and directional marks vanish, so words stay whole', () => {
    assert.equal(plain('co\u00ADoperate \u200Fabc\u200E \u061Cx').text, 'cooperate abc x');
  });

  test('text is NFC: composed and decomposed forms normalise to the same string', () => {
    assert.equal(plain('e\u0301te\u0301').text, plain('\u00e9t\u00e9').text);
  });

  test('a lone surrogate becomes U+FFFD', () => {
    assert.equal(plain('a\uD800b').text, 'a\uFFFDb');
  });

  test('at most one blank line between paragraphs, none at the ends', () => {
    assert.equal(plain('\n\n  one  \n\n\n\n two \n\n').text, 'one\n\ntwo');
  });

  test('an unsupported content type is a PipelineError', () => {
    assert.throws(
      () => normalise('x', 'application/json' as 'text/plain'),
      (e: unknown) => e instanceof PipelineError && e.reason === 'unsupported-content-type',
    );
  });
});
