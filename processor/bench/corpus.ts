import { randomBytes } from 'node:crypto';

/**
 * A realistic ingest mix for the benchmark: mostly 1-10 KB, a tail to 1 MB, mixed types,
 * every document unique (so dedup never short-cuts the work).
 */
const words = (
  'capacity service queue worker latency document report planning forecast traffic scale ' +
  'the of and to in is for on with as by at from that this be are was it an or which'
).split(' ');

function sizeFor(r: number): number {
  if (r < 0.7) return 1024 + Math.floor(r * 4400);
  if (r < 0.95) return 4096 + Math.floor(((r - 0.7) / 0.25) * 6144);
  if (r < 0.995) return 10_240 + Math.floor(((r - 0.95) / 0.045) * 90_000);
  return 100_000 + Math.floor(((r - 0.995) / 0.005) * 900_000);
}

function prose(bytes: number, seed: number): string {
  const out: string[] = [];
  let n = 0;
  let i = seed;
  while (n < bytes) {
    const w = words[(i = (i * 1103515245 + 12345) >>> 0) % words.length];
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ');
}

function corpusDocument(i: number, unique: string): { content: string; contentType: string } {
  const size = sizeFor(((i * 2654435761) >>> 0) / 2 ** 32);
  const body = prose(size, i);
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
      return {
        content: `# Report ${unique}\n\n${body}\n\nSee [the guide](https://example.com/${unique}).`,
        contentType: 'text/markdown',
      };
    case 3:
    case 4:
    case 5:
      return {
        content: `<html><head><title>Report ${unique}</title></head><body><h1>Report</h1><p>${body}</p></body></html>`,
        contentType: 'text/html',
      };
    default:
      return { content: `Report ${unique}\n\n${body} ops@example.com 2026-11-23`, contentType: 'text/plain' };
  }
}

const placeholder = 'UNIQUE0PLACEHOLDER';

/**
 * JSON request bodies for the load client: `poolSize` documents are generated up front and
 * request `i` is pool document `i % poolSize` made unique by `i` and a per-process nonce.
 * Generating a 1 MB document takes several milliseconds, which a client that generates
 * per request spends while it is timing the requests in flight: it doubled the measured p99.
 */
export function corpusBodies(poolSize = 1000): (i: number) => string {
  const nonce = randomBytes(6).toString('hex');
  const pool = Array.from({ length: poolSize }, (_, k) =>
    JSON.stringify(corpusDocument(k, placeholder)).split(placeholder),
  );
  return (i) => pool[i % poolSize].join(`${i}-${nonce}`);
}
