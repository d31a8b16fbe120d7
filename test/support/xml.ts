import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreDeclaration: true,
  trimValues: false,
  parseTagValue: false,
  htmlEntities: true,
});

/** Parses a COS XML body strictly (it must be well-formed) and returns its one root element's text children. */
export function parseCosXml(body: string): { root: string; fields: Record<string, string> } {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}\n${body}`);
  if (!body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) throw new Error(`no XML declaration:\n${body}`);
  const doc = parser.parse(body) as Record<string, Record<string, unknown>>;
  const roots = Object.keys(doc);
  if (roots.length !== 1) throw new Error(`expected one root element, got ${roots.join(', ')}`);
  const root = roots[0]!;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(doc[root]!)) {
    if (name === '#text') continue; // the indentation between elements
    if (typeof value !== 'string') throw new Error(`element ${name} is not text: ${JSON.stringify(value)}`);
    fields[name] = value;
  }
  return { root, fields };
}
