/**
 * Element schemas as data, read both ways: `readElement` checks a parsed XML element against its schema and
 * returns its value (text as strings, groups as objects in schema order, lists as arrays, a choice as an object
 * with one key); `renderElement` writes such a value back as XmlNodes in schema order. One schema per body, so
 * what CreateJob accepts and what DescribeJob echoes cannot drift apart.
 */
import type { XmlNode } from './node';

/** A check of one text value: the problem in words ("must be one of ..."), or undefined when it is fine. */
export type Rule = (text: string) => string | undefined;

export type Shape =
  /** Text. `trim`: surrounding whitespace is allowed and dropped (numbers, booleans, enumerations). */
  | { readonly kind: 'text'; readonly rule?: Rule; readonly trim?: boolean }
  /** Named children, each at most once; unknown children are ignored. */
  | { readonly kind: 'group'; readonly fields: readonly Field[] }
  /** Repeated `member` children (`<Fields><member>Key</member></Fields>`); may be empty. */
  | { readonly kind: 'list'; readonly member: string; readonly of: Shape; readonly max: number }
  /** Exactly one child, which must be one of `options`. */
  | { readonly kind: 'choice'; readonly options: readonly Field[] }
  /**
   * A map as AWS's rest-xml writes it (`<entry><key>k</key><value>v</value></entry>`, repeated), read as a list of
   * `{ Key, Value }` in the order given; a key given twice is refused.
   */
  | { readonly kind: 'map'; readonly key: Shape; readonly value: Shape; readonly max: number };

export interface Field {
  readonly name: string;
  readonly shape: Shape;
  readonly required: boolean;
}

export const text = (rule?: Rule): Shape => ({ kind: 'text', rule });
export const token = (rule: Rule): Shape => ({ kind: 'text', rule, trim: true });
export const group = (...fields: Field[]): Shape => ({ kind: 'group', fields });
export const list = (member: string, of: Shape, max: number): Shape => ({ kind: 'list', member, of, max });
export const choice = (...options: Field[]): Shape => ({ kind: 'choice', options });
export const map = (key: Shape, value: Shape, max: number): Shape => ({ kind: 'map', key, value, max });
export const required = (name: string, shape: Shape): Field => ({ name, shape, required: true });
export const optional = (name: string, shape: Shape): Field => ({ name, shape, required: false });

/** What is wrong, and where: the path of element names from below the root. */
export class SchemaProblem extends Error {
  constructor(
    readonly path: readonly string[],
    readonly problem: string,
    /** The document itself is broken (an undefined entity), not one value. */
    readonly malformed = false,
  ) {
    super(`${path.join('.')} ${problem}`);
    this.name = 'SchemaProblem';
  }
}

/**
 * A parsed element as fast-xml-parser gives it with `isArray: () => true`: a string for text-only or empty
 * elements, an object of child arrays (plus `#text`, `#cdata`) otherwise.
 */
type Parsed = unknown;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): readonly unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const blank = (value: unknown) => value === undefined || (typeof value === 'string' && value.trim() === '');

/** Reads one element's value against its shape; throws SchemaProblem at the first thing wrong. */
export function readElement(shape: Shape, node: Parsed, path: readonly string[]): unknown {
  switch (shape.kind) {
    case 'text': {
      const raw = readText(node, path);
      const value = shape.trim ? raw.trim() : raw;
      const problem = shape.rule?.(value);
      if (problem) throw new SchemaProblem(path, problem);
      return value;
    }
    case 'group': {
      const children = readChildren(node, path);
      const value: Record<string, unknown> = {};
      for (const field of shape.fields) {
        const given = asArray(children[field.name]);
        if (given.length > 1) throw new SchemaProblem([...path, field.name], 'must be given once');
        if (given.length === 0) {
          if (field.required) throw new SchemaProblem([...path, field.name], 'is required');
          continue;
        }
        value[field.name] = readElement(field.shape, given[0], [...path, field.name]);
      }
      return value;
    }
    case 'list': {
      const members = asArray(readChildren(node, path)[shape.member]);
      if (members.length > shape.max) throw new SchemaProblem(path, `must hold at most ${shape.max} ${shape.member} elements`);
      return members.map((member, i) => readElement(shape.of, member, [...path, `${shape.member}[${i + 1}]`]));
    }
    case 'choice': {
      const children = readChildren(node, path);
      const names = Object.keys(children).filter((name) => name !== '#text' && name !== '#cdata');
      const expected = shape.options.map((o) => o.name).join(', ');
      if (names.length !== 1 || asArray(children[names[0]!]).length !== 1) {
        throw new SchemaProblem(path, `must hold exactly one of ${expected}${names.length ? `; it holds ${describeChildren(children, names)}` : ''}`);
      }
      const name = names[0]!;
      const option = shape.options.find((o) => o.name === name);
      if (!option) throw new SchemaProblem([...path, name], `is not a supported operation; use one of ${expected}`);
      return { [name]: readElement(option.shape, asArray(children[name])[0], [...path, name]) };
    }
    case 'map': {
      const entries = asArray(readChildren(node, path).entry);
      if (entries.length > shape.max) throw new SchemaProblem(path, `must hold at most ${shape.max} entry elements`);
      const seen = new Set<string>();
      return entries.map((entry, i) => {
        const at = [...path, `entry[${i + 1}]`];
        const { key, value } = readElement(group(required('key', shape.key), required('value', shape.value)), entry, at) as { key: string; value: string };
        if (seen.has(key)) throw new SchemaProblem(at, `gives the key "${key.slice(0, 40)}" a second time`);
        seen.add(key);
        return { Key: key, Value: value };
      });
    }
  }
}

function describeChildren(children: Record<string, unknown>, names: readonly string[]): string {
  return names.map((name) => `${asArray(children[name]).length} ${name}`).join(', ');
}

function readChildren(node: Parsed, path: readonly string[]): Record<string, unknown> {
  if (blank(node)) return {};
  if (!isObject(node)) throw new SchemaProblem(path, 'must hold elements, not text');
  if (!blank(node['#text']) || node['#cdata'] !== undefined) throw new SchemaProblem(path, 'must hold elements, not text');
  return node;
}

function readText(node: Parsed, path: readonly string[]): string {
  if (typeof node === 'string') return decodeReferences(node, path);
  if (!isObject(node)) return '';
  if (Object.keys(node).some((name) => name !== '#text' && name !== '#cdata')) {
    throw new SchemaProblem(path, 'must be text, not elements');
  }
  const cdata = asArray(node['#cdata']).map((part) => (typeof part === 'string' ? part : '')).join('');
  if (!blank(node['#text'])) throw new SchemaProblem(path, 'must not mix text and CDATA');
  return cdata;
}

const REFERENCE = /&([^;&]*);/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;

/** The character a reference (`amp`, `#34`, `#x22`) stands for: one of the five predefined entities or a character XML allows. */
export function referencedChar(name: string): string | undefined {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  const code = /^#x[0-9A-Fa-f]{1,6}$/.test(name) ? parseInt(name.slice(2), 16) : /^#[0-9]{1,7}$/.test(name) ? Number(name.slice(1)) : NaN;
  const char = Number.isNaN(code) || code > 0x10ffff ? undefined : String.fromCodePoint(code);
  return char !== undefined && XML_CHAR.test(char) ? char : undefined;
}

/** The first reference in the text that stands for nothing (`&foo;`, `&#0;`), or undefined. */
export function badReference(text: string): string | undefined {
  if (!text.includes('&')) return undefined;
  for (const [whole, name] of text.matchAll(REFERENCE)) if (referencedChar(name!) === undefined) return whole;
  return undefined;
}

/**
 * Decodes the five predefined entities and numeric character references, and nothing else: the parser runs with
 * entity processing off, so no entity can expand into more than one character.
 */
export function decodeReferences(raw: string, path: readonly string[]): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole, name: string) => {
    const char = referencedChar(name);
    if (char === undefined) {
      throw new SchemaProblem(path, `holds ${whole.slice(0, 24)}, which is not a predefined entity or a character reference`, true);
    }
    return char;
  });
}

/**
 * Writes a value as its element. `fill`: a required part that is missing (or of the wrong type, in an item some
 * other tool wrote) is written empty, so that readers that expect it (Terraform dereferences Manifest.Location,
 * Manifest.Spec and Operation) always find it.
 */
export function renderElement(name: string, shape: Shape, value: unknown, fill: boolean): XmlNode | undefined {
  switch (shape.kind) {
    case 'text':
      if (typeof value === 'string') return [name, value];
      return fill ? [name, ''] : undefined;
    case 'group': {
      if (!isObject(value) && !fill) return undefined;
      const object = isObject(value) ? value : {};
      const children: XmlNode[] = [];
      for (const field of shape.fields) {
        const child = renderElement(field.name, field.shape, object[field.name], fill && field.required);
        if (child) children.push(child);
      }
      return [name, children];
    }
    case 'list':
      if (!Array.isArray(value)) return fill ? [name, []] : undefined;
      return [name, value.map((member) => renderElement(shape.member, shape.of, member, true)!)];
    case 'map':
      if (!Array.isArray(value)) return fill ? [name, []] : undefined;
      return [
        name,
        value.map((entry: unknown) => {
          const { Key, Value } = isObject(entry) ? entry : {};
          return ['entry', [renderElement('key', shape.key, Key, true)!, renderElement('value', shape.value, Value, true)!]] as XmlNode;
        }),
      ];
    case 'choice': {
      const object = isObject(value) ? value : {};
      const option = shape.options.find((o) => object[o.name] !== undefined);
      const child = option && renderElement(option.name, option.shape, object[option.name], true);
      return child ? [name, [child]] : fill ? [name, []] : undefined;
    }
  }
}
