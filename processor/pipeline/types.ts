/**
 * The pipeline contract: the worker (processor/worker/) codes against these shapes, and the
 * store persists PipelineResult as it is. Changing a field is a breaking change.
 */

export const contentTypes = ['text/plain', 'text/markdown', 'text/html'] as const;
export type ContentType = (typeof contentTypes)[number];

export interface PipelineInput {
  content: string;
  contentType: ContentType;
  /** An explicit title wins over anything found in the content. */
  title?: string;
}

/** The stages, in the order they run; each one's duration is reported under this name. */
export const stageNames = ['normalise', 'language', 'metadata', 'keywords', 'classify', 'hash'] as const;
export type StageName = (typeof stageNames)[number];

export interface Keyword {
  term: string;
  count: number;
}

/** Lists (headings, links, emails, dates) hold at most 1000 items each; titles 300 characters. */
export interface PipelineResult {
  /** ISO 639-1 code (en, de, fr, es, it, nl, pt), or 'und' when unsure. */
  language: string;
  title: string;
  headings: string[];
  wordCount: number;
  /** Unicode code points of the normalised text. */
  characterCount: number;
  readingTimeMinutes: number;
  /** Absolute http/https URLs (WHATWG-normalised), deduplicated: markup links, then bare URLs in the text. */
  links: string[];
  emails: string[];
  /** YYYY-MM-DD, deduplicated, in order of first appearance. */
  dates: string[];
  keywords: Keyword[];
  /** Matching categories, best score first; ['other'] when nothing matches. */
  categories: string[];
  /** SHA-256 (hex) of the normalised text. */
  sha256: string;
}

/** The output of the normalise stage, which every later stage reads. */
export interface NormalisedDocument {
  /** Plain text: lines separated by '\n', paragraphs by one blank line, NFC, no control characters. */
  text: string;
  /** A title the markup declares itself (HTML <title>), if any. */
  title?: string;
  headings: string[];
  /** Link targets found in the markup (href, Markdown links), as written; metadata filters them. */
  links: string[];
}

export interface LanguageGuess {
  language: string;
  /** 0..1: how clearly the best profile beat the others and how much of the text it explains. */
  confidence: number;
}
