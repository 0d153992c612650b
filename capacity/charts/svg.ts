/**
 * Tiny SVG string helpers. Why by hand: the charts are rendered server-side (CLI, autoscaler,
 * review report) into a deterministic, dependency-free SVG string that opens in any browser;
 * the charting libraries worth using need a DOM (or a headless browser) and do not promise
 * byte-identical output.
 */

// Characters XML 1.0 forbids even when escaped (C0 controls except tab/LF/CR, lone
// surrogates, U+FFFE/U+FFFF): dropped so hostile names cannot break the document.
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Escapes text for element content and attribute values alike. */
export function escapeXml(text: string): string {
  let out = '';
  for (const char of String(text)) {
    const code = char.codePointAt(0) ?? 0;
    if (!isXmlChar(code)) continue;
    switch (char) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&apos;';
        break;
      default:
        out += char;
    }
  }
  return out;
}

/** Shortens to `max` code points with an ellipsis (never splits a surrogate pair). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** A coordinate with at most two decimals: compact and identical on every platform. */
export function num(value: number): string {
  const clamped = Math.max(-1e6, Math.min(1e6, value));
  const rounded = Math.round(clamped * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export type Attrs = Record<string, string | number | undefined>;

function attrs(list: Attrs): string {
  let out = '';
  for (const [key, value] of Object.entries(list)) {
    if (value === undefined) continue;
    out += ` ${key}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return out;
}

/** One element; `children` is already-serialised markup, `text` is escaped here. */
export function el(name: string, list: Attrs, children?: string | string[]): string {
  const inner = Array.isArray(children) ? children.join('') : children;
  if (inner === undefined || inner === '') return `<${name}${attrs(list)}/>`;
  return `<${name}${attrs(list)}>${inner}</${name}>`;
}

export function text(list: Attrs, content: string): string {
  return el('text', list, escapeXml(content));
}

/** Rough text width for layout (no font metrics server-side): deterministic, slightly generous. */
export function textWidth(content: string, fontSize = 12): number {
  return Array.from(content).length * fontSize * 0.6;
}

/** FNV-1a, for element ids that are stable per chart yet distinct when several share a page. */
export function hashId(input: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
