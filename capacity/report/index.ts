/** The capacity review report: the document, its charts, and its HTML and Markdown renderings. */
export { reviewKind, type ReviewDocument, type SloCheck } from './review.ts';
export { renderReviewHtml } from './html.ts';
export { renderSummaryMarkdown } from './summary-markdown.ts';
export { reviewCharts, type ReviewChart } from './charts.ts';
export { writeReport } from './write.ts';
