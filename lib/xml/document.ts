/**
 * Request bodies in XML, read the same careful way in every dialect: no DTD or entity declarations, UTF-8 only,
 * no character XML cannot carry, a cap on markup before the parser runs and on nesting while it does, and every
 * reference checked (the parser expands none; lib/xml/schema.ts decodes the five predefined and numeric ones).
 * The dialect turns a problem into its own error.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { clip } from '../text';
import { NOT_XML_CHAR } from './node';
import { badReference } from './schema';

export interface DocumentLimits {
  /** Levels of elements, the root included. */
  readonly maxDepth: number;
  /** `<` characters: a body with more is refused before parsing. */
  readonly maxMarkup: number;
}

/** The parsed document (every element a list, text as sent), or why the body is not well-formed XML. */
export type ParsedDocument = { readonly roots: readonly string[]; readonly document: Record<string, unknown> } | { readonly problem: string };

const DECLARATION = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/;
const DTD = /<!DOCTYPE|<!ENTITY/i;
/** Where `&` is text, not a reference. */
const VERBATIM_SECTIONS = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;

const parsers = new Map<number, XMLParser>();

/**
 * The parser never expands an entity, keeps text as sent, makes every element a list so that a repeated one is
 * seen, and stops at `maxDepth`.
 */
function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (!parser) {
    parser = new XMLParser({
      ignoreAttributes: true,
      processEntities: false,
      htmlEntities: false,
      trimValues: false,
      parseTagValue: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      cdataPropName: '#cdata',
      isArray: () => true,
      maxNestedTags: maxDepth - 1, // counts the levels below the root
    });
    parsers.set(maxDepth, parser);
  }
  return parser;
}

export function parseDocument(xml: string, limits: DocumentLimits, what: string): ParsedDocument {
  if (DTD.test(xml)) return { problem: 'a DOCTYPE or an entity declaration is not allowed' };
  const encoding = DECLARATION.exec(xml)?.[1];
  if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') return { problem: `the encoding must be UTF-8, not "${clip(encoding, 64)}"` };
  if (NOT_XML_CHAR.test(xml)) return { problem: 'it holds a character XML cannot carry' };
  if (markupCount(xml, limits.maxMarkup) > limits.maxMarkup) {
    return { problem: `it holds more elements than a ${what} can (${limits.maxMarkup} tags at most)` };
  }
  const valid = XMLValidator.validate(xml);
  // The validator's message may quote the body (every unclosed tag, a whole name): never echo more than a line of it.
  if (valid !== true) return { problem: `${clip(valid.err.msg, 160)} (line ${valid.err.line}, column ${valid.err.col})` };
  // The validator does not check what a reference stands for; one that stands for nothing breaks the document
  // wherever it is (an element the schema ignores, an attribute), so look at all of them (outside CDATA and comments).
  const unknown = xml.includes('&') ? badReference(xml.replace(VERBATIM_SECTIONS, '')) : undefined;
  if (unknown !== undefined) return { problem: `${clip(unknown, 64)} is not a predefined entity or a character reference` };

  let document: Record<string, unknown>;
  try {
    document = parserFor(limits.maxDepth).parse(xml) as Record<string, unknown>;
  } catch (error) {
    const nested = error instanceof Error && /nested/i.test(error.message);
    return { problem: nested ? `elements nest deeper than ${limits.maxDepth} levels` : 'it cannot be parsed' };
  }
  // The validator lets a self-closing element stand beside the root (`<a>…</a><a/>`): one root, once, or nothing.
  const roots = Object.keys(document);
  if (roots.reduce((n, root) => n + (Array.isArray(document[root]) ? (document[root] as unknown[]).length : 1), 0) > 1) {
    return { problem: 'it has more than one root element' };
  }
  return { roots, document };
}

function markupCount(xml: string, max: number): number {
  let count = 0;
  for (let at = xml.indexOf('<'); at !== -1 && count <= max; at = xml.indexOf('<', at + 1)) count++;
  return count;
}
