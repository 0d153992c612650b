export { parseTrace, findGaps, formatDuration, type Gap, type ParsedTrace } from './parse.ts';
export { readTrace, seriesToCsv } from './io.ts';
