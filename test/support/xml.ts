import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ERROR_PROLOG } from '../../lib/cos/xml';

const parser = new XMLParser({
  ignoreDeclaration: true,
  trimValues: false,
  parseTagValue: false,
  htmlEntities: true,
});

/**
 * Parses a COS XML body strictly: it must be well-formed, laid out as COS writes it (an error starts with COS's
 * declaration, a success has none), with one root element. Returns the root's text children.
 */
export function parseCosXml(body: string): { root: string; fields: Record<string, string> } {
  const { root, content } = parseCosDocument(body);
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(content as Record<string, unknown>)) {
    if (name === '#text') continue; // the indentation between elements
    if (typeof value !== 'string') throw new Error(`element ${name} is not text: ${JSON.stringify(value)}`);
    fields[name] = value;
  }
  return { root, fields };
}

/** The same checks; returns the root's content as the parser gives it (nested objects, arrays for repeats). */
export function parseCosDocument(body: string): { root: string; content: unknown } {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}\n${body}`);
  const doc = parser.parse(body) as Record<string, unknown>;
  const roots = Object.keys(doc);
  if (roots.length !== 1) throw new Error(`expected one root element, got ${roots.join(', ')}`);
  const root = roots[0]!;
  const expectedStart = root === 'Error' ? `${ERROR_PROLOG}<Error>` : `<${root}`;
  if (!body.startsWith(expectedStart)) throw new Error(`a COS ${root} body starts with ${JSON.stringify(expectedStart)}:\n${body}`);
  if (body.endsWith('\n')) throw new Error(`a COS body has no newline at the end:\n${body}`);
  return { root, content: doc[root] };
}
