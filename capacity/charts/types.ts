/** The chart specifications: plain data in, one SVG string out. */

/** One point; `x` is Unix milliseconds when the chart's `xType` is 'time'. */
export interface ChartPoint {
  x: number;
  /** A non-finite value (NaN, null) is a gap: the line breaks there. */
  y: number | null;
}

export interface LineSeries {
  name: string;
  points: ChartPoint[];
  dashed?: boolean;
  /** Draw as a step function (value holds until the next point), e.g. replicas. */
  step?: boolean;
  /** `#rrggbb`; defaults to the fixed palette in series order. */
  color?: string;
}

export interface BandPoint {
  x: number;
  low: number | null;
  high: number | null;
}

/** A shaded interval, e.g. a forecast's p10-p90. */
export interface Band {
  name: string;
  points: BandPoint[];
  color?: string;
}

/** A reference line: `x` alone is vertical (the knee), `y` alone horizontal (an SLO), both a labelled point. */
export interface Marker {
  x?: number;
  y?: number;
  label: string;
}

export interface LineChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xType: 'time' | 'number';
  width?: number;
  height?: number;
  series: LineSeries[];
  bands?: Band[];
  markers?: Marker[];
  /** Lower end of the left axis; defaults to 0 unless the data goes below it. */
  yMin?: number;
  /** A second axis on the right, e.g. latency next to throughput. */
  y2?: { label: string; series: LineSeries[]; yMin?: number };
}

export interface BarSeries {
  name: string;
  /** One value per category; null is "no value" (no bar). */
  values: Array<number | null>;
  color?: string;
}

export interface BarChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  categories: string[];
  series: BarSeries[];
  /** Horizontal reference lines only (`y`). */
  markers?: Array<{ y: number; label: string }>;
  yMin?: number;
}
