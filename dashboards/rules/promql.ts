/** Small helpers that keep generated PromQL readable and its numbers stable. */

/** A number as PromQL/YAML text without float noise (14.4 * 0.005 → "0.072"). */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** A label matcher list: sel({a: 'x', b: '~y'}) → `{a="x", b=~"y"}` (a leading ~ means regex). */
export function sel(matchers: Record<string, string>): string {
  const parts = Object.entries(matchers).map(([name, value]) =>
    value.startsWith('~') ? `${name}=~"${value.slice(1)}"` : `${name}="${value}"`,
  );
  return `{${parts.join(', ')}}`;
}
