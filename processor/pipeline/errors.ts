export type PipelineErrorReason = 'invalid-input' | 'unsupported-content-type' | 'empty-content';

/**
 * Content the pipeline cannot process. Permanent: retrying the same content gives the same
 * answer, so the worker fails the document at once (it checks `name === 'PipelineError'`).
 */
export class PipelineError extends Error {
  readonly reason: PipelineErrorReason;
  constructor(reason: PipelineErrorReason, message: string) {
    super(message);
    this.name = 'PipelineError';
    this.reason = reason;
  }
}
