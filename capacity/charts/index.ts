/** Server-side SVG charts: `lineChart(spec)` and `barChart(spec)` return a standalone SVG string. */
export { lineChart } from './line-chart.ts';
export { barChart } from './bar-chart.ts';
export { checkWellFormedXml } from './xml-check.ts';
export { escapeXml } from './svg.ts';
export { palette } from './palette.ts';
export { formatValue, numberTicks, timeTicks, type Ticks } from './scale.ts';
export type {
  Band,
  BandPoint,
  BarChartSpec,
  BarSeries,
  ChartPoint,
  LineChartSpec,
  LineSeries,
  Marker,
} from './types.ts';
