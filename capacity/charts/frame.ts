/** What every chart shares: size checks, the title block, the legend and "no data". */
import { HeadroomError } from '../../common/errors.ts';
import { ink } from './palette.ts';
import { el, escapeXml, text, textWidth, truncate } from './svg.ts';

export const font = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';

export function size(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 200 || value > 4000) {
    throw new HeadroomError(`chart: ${name} must be a whole number of pixels from 200 to 4000, got ${value}`);
  }
  return value;
}

export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new HeadroomError(`chart: ${name} must be a string`);
  return value;
}

export interface LegendItem {
  name: string;
  color: string;
  kind: 'line' | 'dashed' | 'band' | 'bar';
}

const legendRowHeight = 18;

/** Lays out legend items in rows that fit `width`; returns the rows. */
export function legendRows(items: LegendItem[], width: number): LegendItem[][] {
  const rows: LegendItem[][] = [];
  let row: LegendItem[] = [];
  let used = 0;
  for (const item of items) {
    const w = legendItemWidth(item);
    if (row.length > 0 && used + w > width) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(item);
    used += w;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

function legendLabel(item: LegendItem): string {
  return truncate(item.name, 48);
}

function legendItemWidth(item: LegendItem): number {
  return 28 + textWidth(legendLabel(item), 11) + 16;
}

export function legendHeight(rows: LegendItem[][]): number {
  return rows.length * legendRowHeight;
}

export function renderLegend(rows: LegendItem[][], left: number, top: number): string {
  const parts: string[] = [];
  rows.forEach((row, r) => {
    let x = left;
    const y = top + r * legendRowHeight + 9;
    for (const item of row) {
      if (item.kind === 'band' || item.kind === 'bar') {
        const opacity = item.kind === 'band' ? 0.25 : 0.85;
        parts.push(
          el('rect', { x, y: y - 6, width: 22, height: 12, fill: item.color, 'fill-opacity': opacity }),
        );
      } else {
        parts.push(
          el('line', {
            x1: x,
            y1: y,
            x2: x + 22,
            y2: y,
            stroke: item.color,
            'stroke-width': 2,
            'stroke-dasharray': item.kind === 'dashed' ? '6 4' : undefined,
          }),
        );
      }
      const label = legendLabel(item);
      parts.push(text({ x: x + 28, y: y + 4, 'font-size': 11, fill: ink.text }, label));
      x += legendItemWidth(item);
    }
  });
  return el('g', { class: 'legend' }, parts);
}

/** The `<svg>` root with a white background, accessible title and heading. */
export function document(
  width: number,
  height: number,
  title: string,
  subtitle: string | undefined,
  body: string[],
): string {
  const head = [
    el('title', {}, escapeXml(title)),
    el('rect', { x: 0, y: 0, width, height, fill: '#FFFFFF' }),
    text({ x: 16, y: 24, 'font-size': 15, 'font-weight': 'bold', fill: ink.text }, truncate(title, 120)),
  ];
  if (subtitle) {
    head.push(text({ x: 16, y: 42, 'font-size': 12, fill: ink.muted }, truncate(subtitle, 160)));
  }
  return (
    el(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width,
        height,
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'font-family': font,
      },
      [...head, ...body],
    ) + '\n'
  );
}

export function headerHeight(subtitle: string | undefined): number {
  return subtitle ? 58 : 40;
}

export function noDataText(cx: number, cy: number): string {
  return text({ x: cx, y: cy, 'text-anchor': 'middle', 'font-size': 14, fill: ink.muted }, 'no data');
}
