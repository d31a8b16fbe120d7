/**
 * What the dialects' XML writers share: the element as data, and text escaping. Each dialect's writer
 * (lib/cos/xml.ts, lib/aws/xml.ts) decides the layout its real service uses.
 */

/** An element: its name and either its text or its child elements, in order. */
export type XmlNode = readonly [name: string, content: string | readonly XmlNode[]];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be turned into LF by every conforming parser, so a value holding one would not round-trip.
  '\r': '&#xD;',
};
const SPECIALS = /[&<>"'\r]/g;
const NEEDS_WORK = /[&<>"'\r]|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Anything XML 1.0 cannot carry: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'gu');

/**
 * Escapes text for an element. A character XML cannot carry at all (possible only in echoed input such as a path)
 * becomes U+FFFD, so that the body always parses.
 */
export function escapeXmlText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text; // the common case
  return text.replace(NOT_XML_CHARS, '\uFFFD').replace(SPECIALS, (ch) => ESCAPES[ch]!);
}
