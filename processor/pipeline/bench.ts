/**
 * `npm run bench:pipeline`: pipeline throughput next to its ceiling, measured in the same run.
 * Ceiling = the least any pipeline must do with the same bytes: clean the text once and hash
 * it. The figure that matters is the 1 MB document's time (goal: well under a second).
 * `--json` prints one JSON document on stdout; progress goes to stderr.
 */
import { percentile } from '../../common/percentile.ts';
import { sha256Hex } from './hash.ts';
import { runPipeline } from './index.ts';
import { cleanText } from './text.ts';
import { contentTypes, stageNames, type ContentType, type StageName } from './types.ts';

const json = process.argv.includes('--json');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const sentences = [
  'The ingest API accepted the batch on 23 November 2026 and the workers drained the queue within seconds.',
  'Latency stayed under the objective while the cache warmed up; see https://status.example.com/incidents/42.',
  'Write to ops@example.com if the dashboard at https://grafana.example.com/d/headroom looks wrong.',
  'Der Server antwortet schnell, aber die Datenbank braucht mehr Speicher für die Indizes.',
  'Capacity planning compares the forecast with the measured per-pod throughput from k6 runs.',
];

/** A deterministic document of about `bytes` characters in the given type. */
function makeDocument(type: ContentType, bytes: number, seed: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = sentences[(seed + i) % sentences.length];
    const piece =
      type === 'text/html'
        ? i % 8 === 0
          ? `<h2>Section ${i}</h2><p>${s} <a href="https://e.com/${i % 40}">link</a></p>`
          : `<p>${s} <b>bold</b> &amp; more</p>`
        : type === 'text/markdown'
          ? i % 8 === 0
            ? `## Section ${i}\n\n${s} [link](https://e.com/${i % 40})\n`
            : `- ${s} **bold** & more\n`
          : `${s}\n`;
    parts.push(piece);
    size += piece.length;
  }
  return parts.join('\n');
}

interface Row {
  contentType: ContentType;
  corpusDocsPerSecond: number;
  corpusMBPerSecond: number;
  ceilingMBPerSecond: number;
  ratioToCeiling: number;
  p50Ms: number;
  p99Ms: number;
  oneMegabyteMs: number;
  oneMegabyteCpuMs: number;
  stageShare: Record<StageName, number>;
}

const rows: Row[] = [];
for (const contentType of contentTypes) {
  log(`== ${contentType}`);
  // Mostly 1-10 KB documents, as the processor's own benchmark corpus.
  const corpus = Array.from({ length: 400 }, (_, i) =>
    makeDocument(contentType, 1024 + ((i * 7919) % 9216), i),
  );
  const bytes = corpus.reduce((n, d) => n + d.length, 0);
  for (const doc of corpus.slice(0, 20)) runPipeline({ content: doc, contentType }); // warm-up

  const stageMs = Object.fromEntries(stageNames.map((s) => [s, 0])) as Record<StageName, number>;
  const perDoc: number[] = [];
  const started = performance.now();
  for (const content of corpus) {
    const t = performance.now();
    runPipeline({ content, contentType }, (stage, ms) => (stageMs[stage] += ms));
    perDoc.push(performance.now() - t);
  }
  const pipelineSeconds = (performance.now() - started) / 1000;

  const ceilingStarted = performance.now();
  for (const content of corpus) sha256Hex(cleanText(content));
  const ceilingSeconds = (performance.now() - ceilingStarted) / 1000;

  const big = makeDocument(contentType, 1 << 20, 1);
  const bigStarted = performance.now();
  const bigCpu = process.cpuUsage();
  runPipeline({ content: big, contentType });
  const oneMegabyteMs = performance.now() - bigStarted;
  const { user, system } = process.cpuUsage(bigCpu);
  // CPU time next to wall time: on a shared 2-core machine the wall clock includes waiting.
  const oneMegabyteCpuMs = (user + system) / 1000;

  perDoc.sort((a, b) => a - b);
  const totalStage = Object.values(stageMs).reduce((a, b) => a + b, 0);
  const mbps = bytes / (1 << 20) / pipelineSeconds;
  const ceiling = bytes / (1 << 20) / ceilingSeconds;
  rows.push({
    contentType,
    corpusDocsPerSecond: Math.round(corpus.length / pipelineSeconds),
    corpusMBPerSecond: round(mbps),
    ceilingMBPerSecond: round(ceiling),
    ratioToCeiling: round(mbps / ceiling, 3),
    p50Ms: round(percentile(perDoc, 0.5), 3),
    p99Ms: round(percentile(perDoc, 0.99), 3),
    oneMegabyteMs: round(oneMegabyteMs, 1),
    oneMegabyteCpuMs: round(oneMegabyteCpuMs, 1),
    stageShare: Object.fromEntries(stageNames.map((s) => [s, round(stageMs[s] / totalStage, 3)])) as Record<
      StageName,
      number
    >,
  });
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

if (json) {
  process.stdout.write(`${JSON.stringify({ benchmark: 'pipeline', goalOneMegabyteMs: 1000, rows })}\n`);
} else {
  console.table(
    rows.map((r) => ({
      type: r.contentType,
      'docs/s': r.corpusDocsPerSecond,
      'MB/s': r.corpusMBPerSecond,
      'ceiling MB/s': r.ceilingMBPerSecond,
      ratio: r.ratioToCeiling,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      '1 MB doc ms (goal < 1000)': r.oneMegabyteMs,
      '1 MB doc CPU ms': r.oneMegabyteCpuMs,
    })),
  );
  console.table(Object.fromEntries(rows.map((r) => [r.contentType, r.stageShare])));
}
