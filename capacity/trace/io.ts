import { InputError } from '../../common/errors.ts';
import { readInputFile } from '../../common/input-files.ts';
import type { Series } from '../forecast/forecaster.ts';
import { parseTrace, type ParsedTrace } from './parse.ts';

/** Reads and parses a trace file; a missing or unreadable file is one InputError line. */
export async function readTrace(file: string): Promise<ParsedTrace> {
  let text: string;
  try {
    text = readInputFile(file);
  } catch (error) {
    throw new InputError(`cannot read trace ${file}: ${(error as Error).message}`);
  }
  return parseTrace(text, file);
}

/** Writes a series in the trace format: ISO-8601 UTC timestamps, blank values for gaps. */
export function seriesToCsv(series: Series): string {
  const rows = ['timestamp,value'];
  series.values.forEach((value, i) => {
    const iso = new Date(series.start + i * series.stepMs).toISOString().replace('.000Z', 'Z');
    rows.push(`${iso},${value === null ? '' : String(Math.round(value * 1000) / 1000)}`);
  });
  return `${rows.join('\n')}\n`;
}
