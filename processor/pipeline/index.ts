import { classify, loadCategories, type Category } from './classify.ts';
import { PipelineError } from './errors.ts';
import { sha256Hex } from './hash.ts';
import { topKeywords } from './keywords.ts';
import { detectLanguage } from './language.ts';
import { extractMetadata } from './metadata.ts';
import { normalise } from './normalise.ts';
import type { PipelineInput, PipelineResult, StageName } from './types.ts';

export * from './types.ts';
export { PipelineError, type PipelineErrorReason } from './errors.ts';
export { parseCategories, loadCategories, type Category } from './classify.ts';

export type StageObserver = (stage: StageName, ms: number) => void;

/**
 * The classification rules (categories.json, or the file named by HEADROOM_CATEGORIES_FILE).
 * Loaded at import, so a bad file stops the worker at start with one clear line instead of
 * failing every job.
 */
const defaultCategories: readonly Category[] = loadCategories();

export interface PipelineOptions {
  categories?: readonly Category[];
}

/**
 * Runs the stages in order on one document; synchronous and pure (same input, same result).
 * `observe` hears each stage's duration in milliseconds. Throws PipelineError for content
 * that cannot be processed, which retrying will not change.
 */
export function runPipeline(
  input: PipelineInput,
  observe?: StageObserver,
  options: PipelineOptions = {},
): PipelineResult {
  const categories = options.categories ?? defaultCategories;
  const stage = <T>(name: StageName, fn: () => T): T => {
    const started = performance.now();
    const value = fn();
    observe?.(name, performance.now() - started);
    return value;
  };
  if (input === null || typeof input !== 'object')
    throw new PipelineError('invalid-input', 'input must be an object');

  const doc = stage('normalise', () => normalise(input.content, input.contentType));
  if (doc.text === '') throw new PipelineError('empty-content', 'document has no text after normalisation');
  const { language } = stage('language', () => detectLanguage(doc.text));
  const title = typeof input.title === 'string' ? input.title : undefined;
  const meta = stage('metadata', () => extractMetadata(doc, title));
  const keywords = stage('keywords', () => topKeywords(doc.text, language));
  const categoryNames = stage('classify', () => classify(doc.text, categories));
  const sha256 = stage('hash', () => sha256Hex(doc.text));
  return { language, ...meta, keywords, categories: categoryNames, sha256 };
}
