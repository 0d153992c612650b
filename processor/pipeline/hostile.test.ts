import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PipelineError, runPipeline } from './index.ts';
import { contentTypes } from './types.ts';

const MB = 1 << 20;

const KB256 = MB / 4;

/**
 * Inputs that make naive regexes or parsers super-linear. The three the brief names run at
 * full size (1 MB); the rest at 256 KB, which is plenty to expose a quadratic pass (marked
 * took 40 s on 48 KB of "*a_") while keeping the test set fast. Budgets are CPU time, not
 * wall time, so a busy machine does not fail the test while a quadratic pass still does.
 */
const hostile: Record<string, [content: string, cpuBudgetMs: number]> = {
  'less-than signs': ['<'.repeat(MB), 1000],
  'unclosed nested tags': ['<div>'.repeat(MB / 5), 1000],
  'at signs': ['@'.repeat(100_000), 1000],
  // Each candidate "http://#" made WHATWG URL throw, a second per megabyte on top of the
  // rest; now 40-560 ms per content type, the markdown parse of 116,000 headings included.
  // The parse-once and 10,000-candidate caps themselves are checked in metadata.test.ts.
  'URL candidates that do not parse': ['# http://'.repeat(MB / 9), 1000],
  'distinct URL candidates that do not parse': [
    Array.from({ length: Math.floor(MB / 13) }, (_, i) => `http://#${i} `).join(''),
    1000,
  ],
  // "an" and "c0" have the same word hash, so do all 65,536 words of 16 such blocks: each
  // new one probed every one before it (7 s), until the counter gave such text to a Map.
  'words whose hashes collide': [collidingWords(MB), 1000],
  // 262,144 headings: eleven inline passes each took 1.1 s of CPU on markdown; headings
  // without inline syntax now skip them.
  'one-letter headings': ['# h\n'.repeat(MB / 4), 1000],
  'empty link references': ['# \n\n\n[a]: '.repeat(MB / 10), 1000],
  'deeply nested closed tags': ['<div><span>'.repeat(12_000) + 'x' + '</span></div>'.repeat(12_000), 400],
  'a@ pairs': ['a@'.repeat(KB256 / 2), 400],
  'e-mail lookalikes': ['a.a@a.'.repeat(KB256 / 6), 400],
  'emphasis mix': ['*a_'.repeat(KB256 / 3), 400],
  'open brackets': ['['.repeat(KB256), 400],
  'link openers': ['[x](http://'.repeat(KB256 / 11), 400],
  'table rows': ['|a|b|\n|-|-|\n' + '|x|y|\n'.repeat(KB256 / 6), 400],
  'one long word': ['a'.repeat(KB256), 400],
  'date lookalikes': ['1/1/'.repeat(KB256 / 4), 400],
  'month lookalikes': ['1 May '.repeat(KB256 / 6), 400],
  backslashes: ['\\'.repeat(KB256), 400],
  'quote markers': ['> '.repeat(KB256 / 2) + 'x', 400],
  'entity starts': ['&#'.repeat(KB256 / 2), 400],
  'comment openers': ['<!--'.repeat(KB256 / 4), 400],
};

function collidingWords(bytes: number): string {
  const words: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++, size += 33) {
    let word = '';
    for (let block = 0; block < 16; block++) word += (i >> block) & 1 ? 'an' : 'c0';
    words.push(word);
  }
  return words.join(' ');
}

for (const [name, [content, budget]] of Object.entries(hostile)) {
  test(`${(content.length / 1024).toFixed(0)} KB of ${name}: every content type, linear time`, () => {
    for (const contentType of contentTypes) {
      const before = process.cpuUsage();
      try {
        runPipeline({ content, contentType });
      } catch (error) {
        // Some of these normalise to nothing; that must be the clean, typed refusal.
        assert.ok(error instanceof PipelineError && error.reason === 'empty-content', String(error));
      }
      const cpu = process.cpuUsage(before);
      const ms = (cpu.user + cpu.system) / 1000;
      assert.ok(ms < budget, `${contentType}: ${ms.toFixed(0)} ms of CPU (budget ${budget})`);
    }
  });
}

test('a realistic 1 MB document: full result, under a second of CPU', () => {
  const paragraph =
    'The ingest API accepted 1,204 documents on 23 November 2026; see https://status.example.com/incidents/42 ' +
    'or write to ops@example.com. Latency stayed under the objective while the cache warmed up. ';
  const markdown = Array.from(
    { length: Math.ceil(MB / (paragraph.length * 4 + 40)) },
    (_, i) =>
      `## Section ${i}\n\n${paragraph.repeat(4)}\n\n- item *one*\n- item [two](https://e.com/${i % 50})`,
  ).join('\n\n');
  const before = process.cpuUsage();
  const result = runPipeline({ content: markdown, contentType: 'text/markdown' });
  const cpu = process.cpuUsage(before);
  assert.ok((cpu.user + cpu.system) / 1000 < 1000);
  assert.equal(result.language, 'en');
  assert.equal(result.title, 'Section 0');
  assert.ok(result.wordCount > 150_000);
  assert.deepEqual(result.emails, ['ops@example.com']);
  assert.deepEqual(result.dates, ['2026-11-23']);
  assert.equal(result.links.length, 51);
});

test('hostile strings come out as inert text with stable metadata', () => {
  const content =
    "<p>Robert'); DROP TABLE documents;-- \u0000\u0000 <img src=x onerror=alert(1)> " +
    '&lt;script&gt;alert(document.cookie)&lt;/script&gt; \u202Egnp.exe \u05E9\u05DC\u05D5\u05DD 🏳️‍🌈</p>';
  const result = runPipeline({ content, contentType: 'text/html', title: '<b>Title</b>\u0000' });
  assert.equal(result.title, '<b>Title</b>');
  assert.ok(result.wordCount > 5);
  const again = runPipeline({ content, contentType: 'text/html' });
  assert.equal(again.sha256, result.sha256);
  assert.deepEqual(result.links, []);
});
