import { HeadroomError } from '../../common/errors.ts';

/**
 * The Okabe-Ito colour-blind-safe palette (yellow dropped: unreadable on white), then two
 * neutrals. Fixed order so a chart looks the same every time.
 */
export const palette = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#999999',
];

export const bandPalette = ['#56B4E9', '#E69F00', '#CC79A7', '#009E73'];

export const ink = { text: '#222222', muted: '#666666', grid: '#E5E5E5', axis: '#888888', marker: '#444444' };

export function colorAt(index: number, list: string[] = palette): string {
  return list[index % list.length];
}

/** A user-given colour must be `#rrggbb`: anything else could smuggle markup or CSS. */
export function checkColor(color: string | undefined, fallback: string, where: string): string {
  if (color === undefined) return fallback;
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) {
    throw new HeadroomError(`chart: ${where} colour must be #rrggbb, got ${JSON.stringify(color)}`);
  }
  return color;
}
