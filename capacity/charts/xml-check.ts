/**
 * A strict well-formedness walk for the XML our charts emit (elements, attributes, text,
 * entities; no DTD, CDATA or processing instructions, which we never write). Written by hand
 * because no XML parser is among the dependencies and tests (ours and the review's) only need
 * "would a browser's XML parser accept this?". Throws with the offset of the first problem.
 */
export function checkWellFormedXml(xml: string): { root: string; elements: number } {
  let i = 0;
  const stack: string[] = [];
  let root = '';
  let elements = 0;
  let rootClosed = false;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${why}`);
  };
  const isNameStart = (c: string) => /[A-Za-z_:]/.test(c);
  const isName = (c: string) => /[A-Za-z0-9_:.-]/.test(c);
  const name = (): string => {
    const start = i;
    if (!isNameStart(xml[i] ?? '')) fail(`expected a name, got ${JSON.stringify(xml[i])}`);
    while (i < xml.length && isName(xml[i])) i++;
    return xml.slice(start, i);
  };
  const space = () => {
    while (i < xml.length && ' \t\r\n'.includes(xml[i])) i++;
  };
  const entity = () => {
    const end = xml.indexOf(';', i);
    if (end < 0 || end - i > 10) fail('unterminated entity');
    const body = xml.slice(i + 1, end);
    if (!/^(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+)$/.test(body)) fail(`unknown entity &${body};`);
    i = end + 1;
  };
  const checkChar = (code: number) => {
    const ok =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) fail(`character U+${code.toString(16)} is not allowed in XML`);
  };

  while (i < xml.length) {
    const c = xml[i];
    if (c === '<') {
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      if (xml[i + 1] === '/') {
        i += 2;
        const closing = name();
        space();
        if (xml[i] !== '>') fail('expected > after a closing tag');
        i++;
        const open = stack.pop();
        if (open !== closing) fail(`</${closing}> closes <${open ?? 'nothing'}>`);
        if (stack.length === 0) rootClosed = true;
        continue;
      }
      i++;
      if (rootClosed) fail('a second root element');
      const tag = name();
      if (!root) root = tag;
      elements++;
      const seen = new Set<string>();
      for (;;) {
        const before = i;
        space();
        if (xml[i] === '>' || xml.startsWith('/>', i)) break;
        if (i === before) fail('expected whitespace before an attribute');
        const attr = name();
        if (seen.has(attr)) fail(`duplicate attribute ${attr}`);
        seen.add(attr);
        space();
        if (xml[i] !== '=') fail(`expected = after ${attr}`);
        i++;
        space();
        const quote = xml[i];
        if (quote !== '"' && quote !== "'") fail('attribute value must be quoted');
        i++;
        while (xml[i] !== quote) {
          if (i >= xml.length) fail('unterminated attribute value');
          if (xml[i] === '<') fail('< inside an attribute value');
          if (xml[i] === '&') entity();
          else {
            checkChar(xml.codePointAt(i) ?? 0);
            i += (xml.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
          }
        }
        i++;
      }
      if (xml[i] === '/') {
        i += 2;
        if (stack.length === 0) rootClosed = true;
      } else {
        i++;
        stack.push(tag);
      }
      continue;
    }
    if (c === '&') {
      if (stack.length === 0) fail('entity outside the root element');
      entity();
      continue;
    }
    if (stack.length === 0 && !' \t\r\n'.includes(c)) fail('text outside the root element');
    if (c === '>' && xml.startsWith(']]>', i - 2)) fail(']]> in text');
    const code = xml.codePointAt(i) ?? 0;
    checkChar(code);
    i += code > 0xffff ? 2 : 1;
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]}> is never closed`);
  if (!root) fail('no root element');
  return { root, elements };
}
