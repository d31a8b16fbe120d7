/**
 * The AWS dialect's XML writer: rest-xml as S3 Control answers it — an XML declaration, the service namespace on
 * the root of a success body, no whitespace between elements, an empty element as `<Name/>`. Lists are written by
 * the callers as `member` elements (the SDKs read nothing else), maps as `entry`/`key`/`value`.
 */
import { escapeXmlText, type XmlNode } from '../xml/node';

export const NAMESPACE = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

function write(node: XmlNode, attributes = ''): string {
  const [name, content] = node;
  if (typeof content === 'string') return content === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${escapeXmlText(content)}</${name}>`;
  if (content.length === 0) return `<${name}${attributes}/>`;
  let out = `<${name}${attributes}>`;
  for (const child of content) out += write(child);
  return `${out}</${name}>`;
}

/** A success body: the declaration, then the root in the service namespace. */
export function renderAwsXml(root: XmlNode): string {
  return PROLOG + write(root, ` xmlns="${NAMESPACE}"`);
}

/** An error body (`ErrorResponse`), without a namespace, as S3 Control's own. */
export function renderAwsErrorXml(root: XmlNode): string {
  return PROLOG + write(root);
}
