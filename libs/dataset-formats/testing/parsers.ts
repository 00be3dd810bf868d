/**
 * Strict RFC 4180 reader for the tests: CRLF records, quoted fields with doubled quotes, and an error for
 * anything a lenient reader would silently accept (a quote inside an unquoted field, an unterminated quote).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const endField = () => {
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      return;
    }
    if (text[i] === ',') {
      i++;
      if (i === text.length) throw new Error('record ends with a comma');
      return;
    }
    throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  };
  while (i < text.length) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else value += text[i++];
      }
      row.push(value);
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && !text.startsWith('\r\n', end)) end++;
      const value = text.slice(i, end);
      if (/["\r\n]/.test(value)) throw new Error(`bare quote or line break in unquoted field ${JSON.stringify(value)}`);
      row.push(value);
      i = end;
    }
    if (i < text.length) endField();
  }
  if (row.length > 0) throw new Error('last record lacks its CRLF');
  return rows;
}

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (/[<]/.test(raw)) throw new Error(`raw "<" in text at ${at}`);
  // XML end-of-line handling: a reader sees every raw CRLF or CR as LF.
  return raw.replace(/\r\n?/g, '\n').replace(/&([^;]*);|&/g, (match, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare "&" at ${at}`);
    if (name in ENTITIES) return ENTITIES[name];
    const num = /^#(x[0-9a-f]+|[0-9]+)$/i.exec(name);
    if (!num) throw new Error(`unknown entity &${name}; at ${at}`);
    return String.fromCodePoint(num[1][0] === 'x' ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10));
  });
}

/**
 * A minimal XML reader for the files our writers make (elements and text, no attributes, no CDATA): checks
 * that tags balance, that there is one root, that text holds no raw markup or characters XML 1.0 forbids.
 */
export function parseXml(xml: string): XmlElement {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) throw new Error('character not allowed in XML 1.0');
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [{ name: '#document', children: [], text: '' }];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    stack[stack.length - 1].text += decode(body.slice(last, m.index), last);
    last = tag.lastIndex;
    const [, closing, name, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
    } else {
      const element: XmlElement = { name, children: [], text: '' };
      stack[stack.length - 1].children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  const rest = body.slice(last);
  if (rest.trim() !== '' || rest.includes('<')) throw new Error('content after the root element');
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  const [doc] = stack;
  if (doc.children.length !== 1 || doc.text.trim() !== '') throw new Error('a document needs exactly one root element');
  return doc.children[0];
}

export function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}>`);
  return found[0];
}

export function textOf(element: XmlElement, path: string): string {
  return path.split('/').reduce(child, element).text;
}
