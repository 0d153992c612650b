import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../../common/output-files.ts';
import { renderReviewHtml } from './html.ts';
import type { ReviewDocument } from './review.ts';
import { renderSummaryMarkdown } from './summary-markdown.ts';

/** Writes index.html, summary.md and review.json into `dir`; returns the paths written. */
export async function writeReport(dir: string, review: ReviewDocument): Promise<string[]> {
  makeDirectory(dir, '--out');
  const files: Array<[string, string]> = [
    ['review.json', `${JSON.stringify(review, null, 2)}\n`],
    ['summary.md', renderSummaryMarkdown(review)],
    ['index.html', renderReviewHtml(review)],
  ];
  const written: string[] = [];
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}
