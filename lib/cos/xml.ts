/**
 * The one XML writer of the COS dialect. It writes bodies exactly as real COS does (shared/reference/
 * cos-batch-jobs-api.md §0): one TAB per nesting level, LF line ends, no newline at the end, an empty element as
 * `<Name/>`. Success bodies have no XML declaration; error bodies start with COS's own. A hand-written writer,
 * not a library's builder, because the layout must be byte-exact (the captured 89-, 1,555- and 1,166-byte bodies)
 * and because it is the hot path of a 1,000-job ListJobs page.
 */

/** An element: its name and either its text or its child elements, in order. */
export type XmlNode = readonly [name: string, content: string | readonly XmlNode[]];

export const ERROR_PROLOG = "<?xml version='1.0' encoding='utf-8' ?>\n";

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

const INDENTS: string[] = [''];
const indent = (depth: number): string => (INDENTS[depth] ??= '\t'.repeat(depth));

function write(node: XmlNode, depth: number): string {
  const [name, content] = node;
  const pad = indent(depth);
  if (typeof content === 'string') {
    return content === '' ? `${pad}<${name}/>` : `${pad}<${name}>${escapeXmlText(content)}</${name}>`;
  }
  if (content.length === 0) return `${pad}<${name}/>`;
  let out = `${pad}<${name}>`;
  for (const child of content) out += `\n${write(child, depth + 1)}`;
  return `${out}\n${pad}</${name}>`;
}

/** A success body: no declaration, as real COS answers. */
export function renderCosXml(root: XmlNode): string {
  return write(root, 0);
}

/** An error body: COS's declaration, then the same layout. */
export function renderCosErrorXml(root: XmlNode): string {
  return ERROR_PROLOG + write(root, 0);
}
