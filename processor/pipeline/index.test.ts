import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PipelineError, runPipeline, stageNames, type StageName } from './index.ts';

test('runs every stage in order and reports each duration', () => {
  const seen: [StageName, number][] = [];
  const result = runPipeline(
    {
      content:
        '# Quarterly report\n\nThe team shipped the new [API](https://example.com/api) on 23 November 2026. ' +
        'Write to ops@example.com with questions about the report.',
      contentType: 'text/markdown',
    },
    (stage, ms) => seen.push([stage, ms]),
  );
  assert.deepEqual(
    seen.map(([stage]) => stage),
    [...stageNames],
  );
  for (const [, ms] of seen) assert.ok(ms >= 0 && Number.isFinite(ms));
  assert.equal(result.title, 'Quarterly report');
  assert.equal(result.language, 'en');
  assert.deepEqual(result.headings, ['Quarterly report']);
  assert.deepEqual(result.links, ['https://example.com/api']);
  assert.deepEqual(result.emails, ['ops@example.com']);
  assert.deepEqual(result.dates, ['2026-11-23']);
  assert.equal(result.keywords[0].term, 'report');
  assert.equal(result.keywords[0].count, 2);
  assert.match(result.sha256, /^[0-9a-f]{64}$/);
  assert.equal(result.readingTimeMinutes, 1);
});

test('the same content in three types gives the same text hash and counts', () => {
  const plain = runPipeline({ content: 'Hello world.\n\nSecond paragraph here.', contentType: 'text/plain' });
  const html = runPipeline({
    content: '<p>Hello   world.</p><p>Second <b>paragraph</b> here.</p>',
    contentType: 'text/html',
  });
  const md = runPipeline({
    content: 'Hello *world*.\n\nSecond **paragraph** here.',
    contentType: 'text/markdown',
  });
  assert.equal(html.sha256, plain.sha256);
  assert.equal(md.sha256, plain.sha256);
  assert.equal(plain.wordCount, 5);
  assert.equal(plain.characterCount, 'Hello world.\n\nSecond paragraph here.'.length);
});

test('content with no text is a PipelineError with a reason', () => {
  for (const input of [
    { content: '', contentType: 'text/plain' as const },
    { content: ' \n\t\u0000\u200b ', contentType: 'text/plain' as const },
    { content: '<script>alert(1)</script><!-- hidden -->', contentType: 'text/html' as const },
    { content: '---\n\n***', contentType: 'text/markdown' as const },
  ]) {
    assert.throws(
      () => runPipeline(input),
      (error: unknown) =>
        error instanceof PipelineError && error.name === 'PipelineError' && error.reason === 'empty-content',
    );
  }
});

test('a title that is not a string is ignored, not a crash', () => {
  const result = runPipeline({
    content: 'First line\nsecond',
    contentType: 'text/plain',
    title: null as unknown as string,
  });
  assert.equal(result.title, 'First line');
});

test('an unknown content type is a PipelineError, not a crash', () => {
  assert.throws(
    () => runPipeline({ content: 'x', contentType: 'application/pdf' as 'text/plain' }),
    (error: unknown) => error instanceof PipelineError && error.reason === 'unsupported-content-type',
  );
  assert.throws(
    () => runPipeline({ content: 42 as unknown as string, contentType: 'text/plain' }),
    (error: unknown) => error instanceof PipelineError && error.reason === 'invalid-input',
  );
});

test('HEADROOM_CATEGORIES_FILE replaces the rules; a bad file stops the import with one clear line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-categories-'));
  try {
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(
      good,
      JSON.stringify({ categories: [{ name: 'weather', any: ['rain', 'sunny'], minScore: 2 }] }),
    );
    writeFileSync(bad, JSON.stringify({ categories: [{ name: 'weather', any: 'rain' }] }));
    const script =
      "const { runPipeline } = await import('./processor/pipeline/index.ts');" +
      "console.log(JSON.stringify(runPipeline({ content: 'Rain today, sunny tomorrow.', contentType: 'text/plain' }).categories));";
    const run = (file: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: new URL('../..', import.meta.url),
        env: { ...process.env, HEADROOM_CATEGORIES_FILE: file },
        encoding: 'utf8',
      });
    const ok = run(good);
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), ['weather']);
    const failed = run(bad);
    assert.notEqual(failed.status, 0);
    assert.match(failed.stderr, /bad\.json: categories\[0\]\.any: must be an array of strings/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('each profile language end to end: detected, and its stop words never become keywords', () => {
  const documents: Record<string, string> = {
    en: 'The server and the database were slow because the cache was cold. The server recovered when the cache was warm.',
    de: 'Der Server und die Datenbank waren langsam, weil der Cache kalt war. Der Server erholte sich, als der Cache warm war.',
    fr: "Le serveur et la base de données étaient lents parce que le cache était froid. Le serveur s'est rétabli quand le cache était chaud.",
    es: 'El servidor y la base de datos eran lentos porque la caché estaba fría. El servidor se recuperó cuando la caché estaba caliente.',
    it: 'Il server e il database erano lenti perché la cache era fredda. Il server si è ripreso quando la cache era calda.',
    nl: 'De server en de database waren traag omdat de cache koud was. De server herstelde zich toen de cache warm was.',
    pt: 'O servidor e o banco de dados estavam lentos porque o cache estava frio. O servidor se recuperou quando o cache estava quente.',
  };
  for (const [language, content] of Object.entries(documents)) {
    const result = runPipeline({ content, contentType: 'text/plain' });
    assert.equal(result.language, language, content);
    const terms = result.keywords.map((k) => k.term);
    assert.ok(terms.includes('cache') || terms.includes('caché'), `${language}: ${terms.join()}`);
    assert.ok(
      terms[0] === 'server' ||
        terms[0] === 'serveur' ||
        terms[0] === 'servidor' ||
        terms[0] === 'cache' ||
        terms[0] === 'caché',
      `${language}: ${terms.join()}`,
    );
    for (const stop of [
      'the',
      'der',
      'die',
      'les',
      'que',
      'los',
      'della',
      'het',
      'que',
      'estava',
      'war',
      'was',
      'era',
      'quando',
      'cuando',
      'quand',
      'toen',
    ])
      assert.ok(!terms.includes(stop), `${language}: stop word "${stop}" in ${terms.join()}`);
  }
});
