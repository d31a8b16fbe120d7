/**
 * The one XML writer of the COS dialect. It writes bodies exactly as real COS does (shared/reference/
 * cos-batch-jobs-api.md §0): one TAB per nesting level, LF line ends, no newline at the end, an empty element as
 * `<Name/>`. Success bodies have no XML declaration; error bodies start with COS's own. A hand-written writer,
 * not a library's builder, because the layout must be byte-exact (the captured 89-, 1,555- and 1,166-byte bodies)
 * and because it is the hot path of a 1,000-job ListJobs page.
 */
import { escapeXmlText, type XmlNode } from '../xml/node';

export type { XmlNode } from '../xml/node';
export { escapeXmlText, NOT_XML_CHAR } from '../xml/node';

export const ERROR_PROLOG = "<?xml version='1.0' encoding='utf-8' ?>\n";

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
