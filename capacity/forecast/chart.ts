import { lineChart } from '../charts/index.ts';
import type { Forecast, Series } from './forecaster.ts';

/** `0.9` → `p90`, `0.975` → `p97.5`: the names forecast points carry in JSON. */
export function quantileKey(q: number): string {
  return `p${Number((q * 100).toFixed(2))}`;
}

/**
 * History, the median forecast and the widest interval as one SVG. Only the last stretch of
 * history (four times the horizon, at least a day's worth of points) is drawn so the
 * forecast stays readable.
 */
export function forecastChart(history: Series, forecast: Forecast, title: string): string {
  const quantiles = Object.keys(forecast.points[0]?.quantiles ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  const show = Math.max(forecast.points.length * 4, 288);
  const from = Math.max(0, history.values.length - show);
  const historyPoints = history.values
    .slice(from)
    .map((y, i) => ({ x: history.start + (from + i) * history.stepMs, y }));
  const median = quantiles.includes(0.5) ? 0.5 : quantiles[Math.floor(quantiles.length / 2)];
  const low = quantiles[0];
  const high = quantiles.at(-1)!;
  const line = (q: number) => forecast.points.map((p) => ({ x: p.timestamp, y: p.quantiles[String(q)] }));
  const bands =
    quantiles.length > 1
      ? [
          {
            name: `${quantileKey(low)}–${quantileKey(high)}`,
            points: forecast.points.map((p) => ({
              x: p.timestamp,
              low: p.quantiles[String(low)],
              high: p.quantiles[String(high)],
            })),
          },
        ]
      : [];
  return lineChart({
    title,
    subtitle: `model ${forecast.model}`,
    xLabel: 'time',
    yLabel: 'arrivals per interval',
    xType: 'time',
    series: [
      { name: 'history', points: historyPoints },
      { name: `forecast ${quantileKey(median)}`, points: line(median), dashed: true },
      ...(quantiles.length > 1
        ? [{ name: `forecast ${quantileKey(high)}`, points: line(high), dashed: true }]
        : []),
    ],
    bands,
    markers: [{ x: history.start + (history.values.length - 1) * history.stepMs, label: 'now' }],
  });
}
