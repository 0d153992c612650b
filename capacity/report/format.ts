/** Number and date formatting shared by the HTML report, summary.md and the CLI table. */

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return round(value, digits).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/**
 * Capacity per pod for people. When no rate broke an SLO (the search stopped at its budget
 * or --max), the figure is a lower bound and says so.
 */
export function capacityText(review: {
  capacity: { perPodRate: number };
  capacitySearch: { firstFailingRate: number | null };
}): string {
  const rate = `${fmt(review.capacity.perPodRate)} documents/s`;
  return review.capacitySearch.firstFailingRate === null
    ? `at least ${rate} (no rate tried broke an SLO)`
    : rate;
}

export function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function percent(value: number, digits = 0): string {
  return `${fmt(value, digits)} %`;
}

/** A measured or objective value with its unit: ratios as percent, others as given. */
export function formatWithUnit(value: number | null, unit: string): string {
  if (value === null) return '—';
  if (unit === 'ratio') return percent(value * 100, 2);
  return `${fmt(value, unit === 'ms' ? 0 : 2)} ${unit}`;
}
