import { InputError } from '../../common/errors.ts';
import type { Series } from '../forecast/forecaster.ts';

/** A run of missing intervals in a trace: blank values or skipped rows. */
export interface Gap {
  /** Unix milliseconds of the first missing interval. */
  from: number;
  /** Number of missing intervals. */
  steps: number;
}

export interface ParsedTrace {
  series: Series;
  gaps: Gap[];
  /** Plain-words remarks (gaps, timestamps without a zone read as UTC). */
  notes: string[];
}

const header = 'timestamp,value';
const isoLike = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i;
const unixSeconds = /^\d+(\.\d+)?$/;
const numeric = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// Far above any real traffic, and low enough that squares and sums of a long trace stay
// finite: 1e308 passed the number check and every forecast came out NaN.
const maxValue = 1e15;

/**
 * Parses the DESIGN.md trace format (`timestamp,value`, ISO-8601 or Unix seconds, regular
 * interval, blank values and skipped rows are gaps). Every problem is one InputError line
 * that names the source and the line. Timestamps are kept as UTC instants, so a trace
 * written in local time with offsets crosses daylight-saving changes on regular steps.
 */
export function parseTrace(text: string, source: string): ParsedTrace {
  const fail = (message: string): never => {
    throw new InputError(`${source}: ${message}`);
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.every((line) => line.trim() === ''))
    fail('empty file: expected a "timestamp,value" header and rows');

  const first = lines.findIndex((line) => line.trim() !== '');
  if (lines[first].replace(/\s+/g, '').toLowerCase() !== header) {
    fail(
      `line ${first + 1}: header missing: expected "${header}", found "${lines[first].trim().slice(0, 60)}"`,
    );
  }

  const times: number[] = [];
  const values: Array<number | null> = [];
  const rowLines: number[] = [];
  let zoneless = 0;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const lineNo = i + 1;
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length !== 2)
      fail(`line ${lineNo}: expected 2 fields "timestamp,value", found ${fields.length}`);
    const [rawTime, rawValue] = fields;
    const time = parseTimestamp(rawTime);
    if (time === undefined)
      fail(`line ${lineNo}: timestamp "${rawTime}" is neither ISO-8601 nor Unix seconds`);
    if (isoLike.test(rawTime) && !hasZone.test(rawTime)) zoneless++;
    let value: number | null = null;
    if (rawValue !== '') {
      if (!numeric.test(rawValue)) fail(`line ${lineNo}: value "${rawValue}" is not a number`);
      value = Number(rawValue);
      if (value < 0) fail(`line ${lineNo}: value ${rawValue} is negative (arrivals per interval cannot be)`);
      if (!(value <= maxValue)) fail(`line ${lineNo}: value ${rawValue} is too large (at most ${maxValue})`);
    }
    const previous = times.at(-1);
    if (previous !== undefined && time! <= previous) {
      fail(
        time === previous
          ? `line ${lineNo}: duplicate timestamp "${rawTime}"`
          : `line ${lineNo}: timestamps are not sorted ("${rawTime}" comes before the previous row)`,
      );
    }
    times.push(time!);
    values.push(value);
    rowLines.push(lineNo);
  }

  if (times.length === 0) fail('no data rows after the header');
  if (times.length === 1) fail('only one point: need at least 2 to know the interval');

  const stepMs = mostCommonDiff(times);
  const series: Series = { start: times[0], stepMs, values: [] };
  for (let i = 0; i < times.length; i++) {
    if (i > 0) {
      const diff = times[i] - times[i - 1];
      if (diff % stepMs !== 0) {
        fail(
          `line ${rowLines[i]}: irregular step: ${formatDuration(diff)} after the previous row, ` +
            `not a multiple of the ${formatDuration(stepMs)} interval`,
        );
      }
      for (let missing = diff / stepMs - 1; missing > 0; missing--) series.values.push(null);
    }
    series.values.push(values[i]);
  }
  if (series.values.every((value) => value === null)) fail('every value is blank: nothing to forecast from');

  const gaps = findGaps(series);
  const notes: string[] = [];
  if (gaps.length > 0) {
    const missing = gaps.reduce((sum, gap) => sum + gap.steps, 0);
    notes.push(
      `${missing} of ${series.values.length} intervals missing in ${gaps.length} gap(s), ` +
        `first at ${new Date(gaps[0].from).toISOString()}`,
    );
  }
  if (zoneless > 0) notes.push(`${zoneless} timestamp(s) without a time zone were read as UTC`);
  return { series, gaps, notes };
}

function parseTimestamp(raw: string): number | undefined {
  if (unixSeconds.test(raw)) return Math.round(Number(raw) * 1000);
  if (!isoLike.test(raw)) return undefined;
  // Without a zone, JavaScript would read local time; a trace has to mean one instant.
  const iso = hasZone.test(raw) || raw.length === 10 ? raw : `${raw}Z`;
  const ms = Date.parse(iso.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** The interval is the most common difference: a few skipped rows must not change it. */
function mostCommonDiff(times: number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < times.length; i++) {
    const diff = times[i] - times[i - 1];
    counts.set(diff, (counts.get(diff) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [diff, count] of counts) {
    if (count > bestCount || (count === bestCount && diff < best)) [best, bestCount] = [diff, count];
  }
  return best;
}

export function findGaps(series: Series): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 0; i < series.values.length; i++) {
    if (series.values[i] !== null) continue;
    const from = i;
    while (i + 1 < series.values.length && series.values[i + 1] === null) i++;
    gaps.push({ from: series.start + from * series.stepMs, steps: i - from + 1 });
  }
  return gaps;
}

export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
