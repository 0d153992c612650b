import { PipelineError } from './errors.ts';
import { normaliseHtml } from './html.ts';
import { normaliseMarkdown } from './markdown.ts';
import { cleanText, tidyLines } from './text.ts';
import { contentTypes, type ContentType, type NormalisedDocument } from './types.ts';

/** Any supported content → plain text plus the headings and link targets of its markup. */
export function normalise(content: string, contentType: ContentType): NormalisedDocument {
  if (typeof content !== 'string') throw new PipelineError('invalid-input', 'content must be a string');
  switch (contentType) {
    case 'text/html':
      return normaliseHtml(content);
    case 'text/markdown':
      return normaliseMarkdown(content);
    case 'text/plain':
      return { text: tidyLines(cleanText(content)), headings: [], links: [] };
    default:
      throw new PipelineError(
        'unsupported-content-type',
        `unsupported content type ${JSON.stringify(contentType)}: expected one of ${contentTypes.join(', ')}`,
      );
  }
}
