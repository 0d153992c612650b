import { HeadroomError } from '../../common/errors.ts';
import {
  document,
  headerHeight,
  legendHeight,
  legendRows,
  noDataText,
  renderLegend,
  requireText,
  size,
  type LegendItem,
} from './frame.ts';
import { bandPalette, checkColor, colorAt, ink } from './palette.ts';
import { linear, numberTicks, timeTicks, type Ticks } from './scale.ts';
import { el, hashId, num, text, truncate } from './svg.ts';
import type { Band, ChartPoint, LineChartSpec, LineSeries, Marker } from './types.ts';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function checkSeries(list: unknown, where: string): LineSeries[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new HeadroomError(`chart: ${where} must be an array`);
  for (const [i, s] of (list as LineSeries[]).entries()) {
    requireText(s?.name, `${where}[${i}].name`);
    if (!Array.isArray(s.points)) throw new HeadroomError(`chart: ${where}[${i}].points must be an array`);
  }
  return list as LineSeries[];
}

/** Points with a finite x, in x order (stable), y kept as is (non-finite = gap). */
function ordered<T extends { x: number }>(points: T[]): T[] {
  return points.filter((p) => finite(p?.x)).sort((a, b) => a.x - b.x);
}

/** Splits at gaps: runs of points whose every value is finite. */
function runs<T>(points: T[], ok: (p: T) => boolean): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  for (const p of points) {
    if (ok(p)) current.push(p);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

type Scale = (v: number) => number;

function seriesMarkup(series: LineSeries, color: string, sx: Scale, sy: Scale): string {
  const parts: string[] = [];
  for (const run of runs(ordered(series.points), (p: ChartPoint) => finite(p.y))) {
    if (run.length === 1) {
      parts.push(el('circle', { cx: sx(run[0].x), cy: sy(run[0].y as number), r: 3, fill: color }));
      continue;
    }
    let d = `M${num(sx(run[0].x))} ${num(sy(run[0].y as number))}`;
    for (let i = 1; i < run.length; i++) {
      const x = num(sx(run[i].x));
      const y = num(sy(run[i].y as number));
      d += series.step ? `H${x}V${y}` : `L${x} ${y}`;
    }
    parts.push(
      el('path', {
        d,
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
        'stroke-linejoin': 'round',
        'stroke-dasharray': series.dashed ? '6 4' : undefined,
      }),
    );
  }
  return parts.join('');
}

function bandMarkup(band: Band, color: string, sx: Scale, sy: Scale): string {
  const parts: string[] = [];
  const ok = (p: Band['points'][number]) => finite(p.low) && finite(p.high);
  for (const run of runs(ordered(band.points), ok)) {
    const upper = run.map((p) => `${num(sx(p.x))},${num(sy(p.high as number))}`);
    const lower = run.map((p) => `${num(sx(p.x))},${num(sy(p.low as number))}`).reverse();
    if (run.length === 1) {
      const x = num(sx(run[0].x));
      parts.push(
        el('line', {
          x1: x,
          x2: x,
          y1: sy(run[0].low as number),
          y2: sy(run[0].high as number),
          stroke: color,
          'stroke-width': 4,
          'stroke-opacity': 0.4,
        }),
      );
      continue;
    }
    parts.push(el('polygon', { points: [...upper, ...lower].join(' '), fill: color, 'fill-opacity': 0.22 }));
  }
  return parts.join('');
}

function extent(values: number[]): [number, number] | null {
  if (values.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export function yTicks(values: number[], yMin: number | undefined, target: number): Ticks {
  if (yMin !== undefined && !finite(yMin)) throw new HeadroomError('chart: yMin must be a finite number');
  const range = extent(values) ?? [0, 1];
  const lo = yMin ?? Math.min(0, range[0]);
  const hi = Math.max(range[1], lo);
  const ticks = numberTicks(lo, hi, target);
  // An explicit floor stays the floor (no widening below it).
  if (yMin !== undefined && ticks.min < yMin) {
    const keep = ticks.values.map((v, i) => [v, i] as const).filter(([v]) => v >= yMin);
    return {
      ...ticks,
      min: yMin,
      values: keep.map(([v]) => v),
      labels: keep.map(([, i]) => ticks.labels[i]),
    };
  }
  return ticks;
}

function checkMarkers(markers: unknown): Marker[] {
  if (markers === undefined) return [];
  if (!Array.isArray(markers)) throw new HeadroomError('chart: markers must be an array');
  for (const [i, m] of (markers as Marker[]).entries()) {
    requireText(m?.label, `markers[${i}].label`);
    if (m.x === undefined && m.y === undefined) {
      throw new HeadroomError(`chart: markers[${i}] needs x (vertical line), y (horizontal line) or both`);
    }
    for (const key of ['x', 'y'] as const) {
      if (m[key] !== undefined && !finite(m[key])) {
        throw new HeadroomError(`chart: markers[${i}].${key} must be a finite number`);
      }
    }
  }
  return markers as Marker[];
}

/** A line chart as a standalone SVG document (same spec → same bytes). */
export function lineChart(spec: LineChartSpec): string {
  if (typeof spec !== 'object' || spec === null) throw new HeadroomError('chart: the spec must be an object');
  const title = requireText(spec.title, 'title');
  const xLabel = requireText(spec.xLabel, 'xLabel');
  const yLabel = requireText(spec.yLabel, 'yLabel');
  if (spec.subtitle !== undefined) requireText(spec.subtitle, 'subtitle');
  if (spec.xType !== 'time' && spec.xType !== 'number') {
    throw new HeadroomError(`chart: xType must be 'time' or 'number', got ${JSON.stringify(spec.xType)}`);
  }
  const width = size(spec.width, 800, 'width');
  const height = size(spec.height, 400, 'height');
  const series = checkSeries(spec.series, 'series');
  const series2 = spec.y2 ? checkSeries(spec.y2.series, 'y2.series') : [];
  if (spec.y2) requireText(spec.y2.label, 'y2.label');
  const bands = (spec.bands ?? []) as Band[];
  if (!Array.isArray(bands)) throw new HeadroomError('chart: bands must be an array');
  for (const [i, b] of bands.entries()) {
    requireText(b?.name, `bands[${i}].name`);
    if (!Array.isArray(b.points)) throw new HeadroomError(`chart: bands[${i}].points must be an array`);
  }
  const markers = checkMarkers(spec.markers);

  const colors = series.map((s, i) => checkColor(s.color, colorAt(i), `series "${s.name}"`));
  const colors2 = series2.map((s, i) =>
    checkColor(s.color, colorAt(series.length + i), `y2 series "${s.name}"`),
  );
  const bandColors = bands.map((b, i) => checkColor(b.color, colorAt(i, bandPalette), `band "${b.name}"`));

  const legend: LegendItem[] = [
    ...bands.map((b, i) => ({ name: b.name, color: bandColors[i], kind: 'band' as const })),
    ...series.map(
      (s, i) => ({ name: s.name, color: colors[i], kind: s.dashed ? 'dashed' : 'line' }) as LegendItem,
    ),
    ...series2.map(
      (s, i) =>
        ({
          name: `${s.name} (right axis)`,
          color: colors2[i],
          kind: s.dashed ? 'dashed' : 'line',
        }) as LegendItem,
    ),
  ];

  const top = headerHeight(spec.subtitle) + 8;
  const left = 72;
  const right = spec.y2 ? 72 : 28;
  const rows = legendRows(legend, width - left - right);
  const bottom = 56 + legendHeight(rows) + 8;
  const plot = { x0: left, x1: width - right, y0: top, y1: height - bottom };
  if (plot.y1 - plot.y0 < 60 || plot.x1 - plot.x0 < 100) {
    throw new HeadroomError(
      `chart: ${width}x${height} leaves no room for the plot (too many legend entries?)`,
    );
  }

  // Everything that has a value decides the domains; markers too, so an SLO line is visible.
  const xs: number[] = [];
  const ys: number[] = [];
  const ys2: number[] = [];
  for (const s of series)
    for (const p of s.points)
      if (finite(p?.x) && finite(p.y)) {
        xs.push(p.x);
        ys.push(p.y);
      }
  for (const s of series2)
    for (const p of s.points)
      if (finite(p?.x) && finite(p.y)) {
        xs.push(p.x);
        ys2.push(p.y);
      }
  for (const b of bands)
    for (const p of b.points)
      if (finite(p?.x) && finite(p.low) && finite(p.high)) {
        xs.push(p.x);
        ys.push(p.low, p.high);
      }
  const hasData = xs.length > 0;
  for (const m of markers) {
    if (m.x !== undefined && hasData) xs.push(m.x);
    if (m.y !== undefined && hasData) ys.push(m.y);
  }

  const body: string[] = [];
  const id = `hr-${hashId(JSON.stringify(spec))}`;
  const plotWidth = plot.x1 - plot.x0;
  const plotHeight = plot.y1 - plot.y0;
  body.push(
    el('rect', {
      x: plot.x0,
      y: plot.y0,
      width: plotWidth,
      height: plotHeight,
      fill: 'none',
      stroke: ink.grid,
    }),
  );

  if (!hasData) {
    body.push(noDataText((plot.x0 + plot.x1) / 2, (plot.y0 + plot.y1) / 2));
  } else {
    const [xLo, xHi] = extent(xs) as [number, number];
    const xTicks =
      spec.xType === 'time'
        ? timeTicks(xLo, xHi, Math.max(2, Math.floor(plotWidth / 110)))
        : numberTicks(xLo, xHi, Math.max(2, Math.floor(plotWidth / 90)));
    const yTarget = Math.max(2, Math.floor(plotHeight / 50));
    const yt = yTicks(ys, spec.yMin, yTarget);
    const sx = linear(xTicks.min, xTicks.max, plot.x0, plot.x1);
    const sy = linear(yt.min, yt.max, plot.y1, plot.y0);

    const grid: string[] = [];
    yt.values.forEach((v, i) => {
      const y = sy(v);
      grid.push(el('line', { x1: plot.x0, x2: plot.x1, y1: y, y2: y, stroke: ink.grid }));
      grid.push(
        text(
          { x: plot.x0 - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: ink.muted },
          yt.labels[i],
        ),
      );
    });
    xTicks.values.forEach((v, i) => {
      const x = sx(v);
      grid.push(el('line', { x1: x, x2: x, y1: plot.y1, y2: plot.y1 + 5, stroke: ink.axis }));
      grid.push(
        text(
          { x, y: plot.y1 + 18, 'text-anchor': 'middle', 'font-size': 11, fill: ink.muted },
          xTicks.labels[i],
        ),
      );
    });
    grid.push(el('line', { x1: plot.x0, x2: plot.x1, y1: plot.y1, y2: plot.y1, stroke: ink.axis }));
    grid.push(el('line', { x1: plot.x0, x2: plot.x0, y1: plot.y0, y2: plot.y1, stroke: ink.axis }));
    body.push(el('g', { class: 'axes' }, grid));

    body.push(
      el(
        'defs',
        {},
        el(
          'clipPath',
          { id },
          el('rect', { x: plot.x0, y: plot.y0 - 4, width: plotWidth, height: plotHeight + 8 }),
        ),
      ),
    );
    const data: string[] = [];
    bands.forEach((b, i) => data.push(bandMarkup(b, bandColors[i], sx, sy)));
    series.forEach((s, i) => data.push(seriesMarkup(s, colors[i], sx, sy)));

    if (spec.y2) {
      const yt2 = yTicks(ys2, spec.y2.yMin, yTarget);
      const sy2 = linear(yt2.min, yt2.max, plot.y1, plot.y0);
      series2.forEach((s, i) => data.push(seriesMarkup(s, colors2[i], sx, sy2)));
      const axis2: string[] = [
        el('line', { x1: plot.x1, x2: plot.x1, y1: plot.y0, y2: plot.y1, stroke: ink.axis }),
      ];
      yt2.values.forEach((v, i) => {
        const y = sy2(v);
        axis2.push(el('line', { x1: plot.x1, x2: plot.x1 + 5, y1: y, y2: y, stroke: ink.axis }));
        axis2.push(text({ x: plot.x1 + 8, y: y + 4, 'font-size': 11, fill: ink.muted }, yt2.labels[i]));
      });
      const cy = (plot.y0 + plot.y1) / 2;
      axis2.push(
        text(
          {
            x: width - 14,
            y: cy,
            'text-anchor': 'middle',
            'font-size': 12,
            fill: ink.text,
            transform: `rotate(90 ${num(width - 14)} ${num(cy)})`,
          },
          truncate(spec.y2.label, 60),
        ),
      );
      body.push(el('g', { class: 'y2' }, axis2));
    }
    body.push(el('g', { 'clip-path': `url(#${id})`, class: 'data' }, data));

    const marks: string[] = [];
    let vertical = 0;
    for (const m of markers) {
      const label = truncate(m.label, 60);
      const style = { stroke: ink.marker, 'stroke-width': 1, 'stroke-dasharray': '4 3' };
      if (m.x !== undefined && m.y !== undefined) {
        marks.push(
          el('circle', {
            cx: sx(m.x),
            cy: sy(m.y),
            r: 4,
            fill: 'none',
            stroke: ink.marker,
            'stroke-width': 1.5,
          }),
        );
        marks.push(text({ x: sx(m.x) + 6, y: sy(m.y) - 6, 'font-size': 11, fill: ink.text }, label));
      } else if (m.x !== undefined) {
        const x = sx(m.x);
        marks.push(el('line', { x1: x, x2: x, y1: plot.y0, y2: plot.y1, ...style }));
        // Stagger labels so neighbouring vertical markers stay readable.
        const anchorEnd = x > plot.x1 - 120;
        marks.push(
          text(
            {
              x: anchorEnd ? x - 4 : x + 4,
              y: plot.y0 + 12 + (vertical++ % 3) * 13,
              'text-anchor': anchorEnd ? 'end' : 'start',
              'font-size': 11,
              fill: ink.text,
            },
            label,
          ),
        );
      } else if (m.y !== undefined) {
        const y = sy(m.y);
        marks.push(el('line', { x1: plot.x0, x2: plot.x1, y1: y, y2: y, ...style }));
        marks.push(
          text({ x: plot.x1 - 4, y: y - 4, 'text-anchor': 'end', 'font-size': 11, fill: ink.text }, label),
        );
      }
    }
    if (marks.length > 0) body.push(el('g', { class: 'markers' }, marks));
  }

  const cy = (plot.y0 + plot.y1) / 2;
  body.push(
    text(
      {
        x: (plot.x0 + plot.x1) / 2,
        y: plot.y1 + 38,
        'text-anchor': 'middle',
        'font-size': 12,
        fill: ink.text,
      },
      truncate(spec.xType === 'time' ? `${xLabel} (UTC)` : xLabel, 100),
    ),
    text(
      {
        x: 16,
        y: cy,
        'text-anchor': 'middle',
        'font-size': 12,
        fill: ink.text,
        transform: `rotate(-90 16 ${num(cy)})`,
      },
      truncate(yLabel, 60),
    ),
  );
  body.push(renderLegend(rows, plot.x0, plot.y1 + 50));
  return document(width, height, title, spec.subtitle, body);
}
