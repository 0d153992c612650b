/**
 * The pipeline contract (processor/pipeline/, written separately), loaded at worker start.
 * Loaded by a computed specifier so this folder type-checks while the pipeline lands;
 * the shapes below mirror processor/pipeline/types.ts.
 */
export type StageName = 'normalise' | 'language' | 'metadata' | 'keywords' | 'classify' | 'hash';

export interface PipelineInput {
  content: string;
  contentType: 'text/plain' | 'text/markdown' | 'text/html';
  title?: string;
}

export type RunPipeline = (input: PipelineInput, observe?: (stage: StageName, ms: number) => void) => unknown;

export async function loadPipeline(): Promise<RunPipeline> {
  const specifier = ['..', 'pipeline', 'index.ts'].join('/');
  const mod = (await import(specifier)) as { runPipeline?: RunPipeline };
  if (typeof mod.runPipeline !== 'function')
    throw new Error('processor/pipeline/index.ts does not export runPipeline');
  return mod.runPipeline;
}
