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
} from './frame.ts';
import { yTicks } from './line-chart.ts';
import { checkColor, colorAt, ink } from './palette.ts';
import { linear } from './scale.ts';
import { el, num, text, truncate } from './svg.ts';
import type { BarChartSpec } from './types.ts';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Grouped vertical bars, one group per category (e.g. accuracy per forecasting model). */
export function barChart(spec: BarChartSpec): string {
  if (typeof spec !== 'object' || spec === null) throw new HeadroomError('chart: the spec must be an object');
  const title = requireText(spec.title, 'title');
  requireText(spec.xLabel, 'xLabel');
  requireText(spec.yLabel, 'yLabel');
  if (spec.subtitle !== undefined) requireText(spec.subtitle, 'subtitle');
  const width = size(spec.width, 800, 'width');
  const height = size(spec.height, 400, 'height');
  if (!Array.isArray(spec.categories)) throw new HeadroomError('chart: categories must be an array');
  spec.categories.forEach((c, i) => requireText(c, `categories[${i}]`));
  if (!Array.isArray(spec.series)) throw new HeadroomError('chart: series must be an array');
  spec.series.forEach((s, i) => {
    requireText(s?.name, `series[${i}].name`);
    if (!Array.isArray(s.values) || s.values.length !== spec.categories.length) {
      throw new HeadroomError(
        `chart: series "${s.name}" has ${Array.isArray(s.values) ? s.values.length : 'no'} values for ${spec.categories.length} categories`,
      );
    }
  });
  const markers = spec.markers ?? [];
  markers.forEach((m, i) => {
    requireText(m?.label, `markers[${i}].label`);
    if (!finite(m.y)) throw new HeadroomError(`chart: markers[${i}].y must be a finite number`);
  });

  const colors = spec.series.map((s, i) => checkColor(s.color, colorAt(i), `series "${s.name}"`));
  const left = 72;
  const right = 28;
  const rows = legendRows(
    spec.series.map((s, i) => ({ name: s.name, color: colors[i], kind: 'bar' as const })),
    width - left - right,
  );
  const top = headerHeight(spec.subtitle) + 8;
  const plot = { x0: left, x1: width - right, y0: top, y1: height - (56 + legendHeight(rows) + 8) };
  if (plot.y1 - plot.y0 < 60)
    throw new HeadroomError(`chart: ${width}x${height} leaves no room for the plot`);

  const values = spec.series.flatMap((s) => s.values.filter(finite));
  const body: string[] = [
    el('rect', {
      x: plot.x0,
      y: plot.y0,
      width: plot.x1 - plot.x0,
      height: plot.y1 - plot.y0,
      fill: 'none',
      stroke: ink.grid,
    }),
  ];
  if (values.length === 0) {
    body.push(noDataText((plot.x0 + plot.x1) / 2, (plot.y0 + plot.y1) / 2));
  } else {
    const yt = yTicks(
      [...values, ...markers.map((m) => m.y)],
      spec.yMin,
      Math.max(2, Math.floor((plot.y1 - plot.y0) / 50)),
    );
    const sy = linear(yt.min, yt.max, plot.y1, plot.y0);
    const parts: string[] = [];
    yt.values.forEach((v, i) => {
      parts.push(el('line', { x1: plot.x0, x2: plot.x1, y1: sy(v), y2: sy(v), stroke: ink.grid }));
      parts.push(
        text(
          { x: plot.x0 - 6, y: sy(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: ink.muted },
          yt.labels[i],
        ),
      );
    });
    const groupWidth = (plot.x1 - plot.x0) / spec.categories.length;
    const barWidth = (groupWidth * 0.8) / Math.max(1, spec.series.length);
    const base = sy(Math.max(yt.min, Math.min(0, yt.max)));
    spec.categories.forEach((category, c) => {
      const gx = plot.x0 + c * groupWidth;
      spec.series.forEach((s, i) => {
        const v = s.values[c];
        if (!finite(v)) return;
        const y = sy(Math.max(yt.min, Math.min(yt.max, v)));
        parts.push(
          el('rect', {
            x: gx + groupWidth * 0.1 + i * barWidth,
            y: Math.min(y, base),
            width: Math.max(1, barWidth - 1),
            height: Math.abs(base - y),
            fill: colors[i],
            'fill-opacity': 0.85,
          }),
        );
      });
      const maxChars = Math.max(3, Math.floor(groupWidth / 6.6));
      parts.push(
        text(
          {
            x: gx + groupWidth / 2,
            y: plot.y1 + 18,
            'text-anchor': 'middle',
            'font-size': 11,
            fill: ink.muted,
          },
          truncate(category, maxChars),
        ),
      );
    });
    parts.push(el('line', { x1: plot.x0, x2: plot.x1, y1: base, y2: base, stroke: ink.axis }));
    for (const m of markers) {
      const y = sy(m.y);
      parts.push(
        el('line', { x1: plot.x0, x2: plot.x1, y1: y, y2: y, stroke: ink.marker, 'stroke-dasharray': '4 3' }),
      );
      parts.push(
        text(
          { x: plot.x1 - 4, y: y - 4, 'text-anchor': 'end', 'font-size': 11, fill: ink.text },
          truncate(m.label, 60),
        ),
      );
    }
    body.push(el('g', { class: 'bars' }, parts));
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
      truncate(spec.xLabel, 100),
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
      truncate(spec.yLabel, 60),
    ),
    renderLegend(rows, plot.x0, plot.y1 + 50),
  );
  return document(width, height, title, spec.subtitle, body);
}
