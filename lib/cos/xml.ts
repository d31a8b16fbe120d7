import { XMLBuilder } from 'fast-xml-parser';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be turned into LF by every conforming parser, so a reason holding one would not round-trip.
  '\r': '&#xD;',
};
const SPECIALS = /[&<>"'\r]/g;

export function escapeXmlText(text: string): string {
  return text.replace(SPECIALS, (ch) => ESCAPES[ch]!);
}

/** The builder lays out the document; escaping is ours (its own entity list is not part of its typed options). */
const builder = new XMLBuilder({
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
  processEntities: false,
  tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
});

/** Anything XML 1.0 cannot carry: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'gu');

/**
 * Renders one root element holding text children, in the order given. Values are escaped; a character XML
 * cannot carry at all (possible only in echoed input such as a path) becomes U+FFFD, so the body always parses.
 */
export function renderXml(root: string, children: Readonly<Record<string, string>>): string {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(children)) safe[name] = value.replace(NOT_XML_CHARS, '\uFFFD');
  return PROLOG + builder.build({ [root]: safe });
}
