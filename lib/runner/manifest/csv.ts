/**
 * One line of a CSV manifest (COSBatchOperations_CSV_V1, S3BatchOperations_CSV_20180820): RFC 4180 within the line,
 * columns in the order of Spec.Fields, keys URL-encoded as S3 Batch Operations writes them. Also the splitter, key
 * decoder and column labels that inventory lines share. Problems are phrases read after "line N: ".
 */
import { excerpt, isBucketName, keyProblem, type Problem } from './arn';

export type ManifestRow = { bucket: string; key: string; versionId?: string };

export const MANIFEST_FIELDS: readonly string[] = ['Ignore', 'Bucket', 'Key', 'VersionId'];
export const DEFAULT_FIELDS: readonly string[] = ['Bucket', 'Key'];

/** A column's number (1-based) and, where one is known, its name: `column 2 (Key)`. */
export function columnLabel(index: number, name: string | undefined): string {
  if (name === undefined) return `column ${index + 1}`;
  // fileSchema's names come from the report's manifest.json: a message must not carry a long one whole.
  return `column ${index + 1} (${name.length > 40 ? `${name.slice(0, 40)}…` : name})`;
}

/**
 * The columns of one line. RFC 4180 within a line: a field is quoted whole or not at all, `""` is a quote inside a
 * quoted field, and a quote elsewhere is a problem (it most often means a line was cut or badly written). Spaces
 * are kept: they are part of a value.
 */
export function splitCsvLine(text: string): string[] | { column: number; problem: string } {
  const columns: string[] = [];
  let i = 0;
  for (;;) {
    const column = columns.length;
    if (text.charCodeAt(i) === 0x22) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return { column, problem: 'has a quote that is never closed' };
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) !== 0x22) {
          i = quote + 1;
          break;
        }
        value += '"';
        from = quote + 2;
      }
      columns.push(value);
      if (i === text.length) return columns;
      if (text.charCodeAt(i) !== 0x2c) return { column, problem: 'has text after its closing quote' };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const to = comma < 0 ? text.length : comma;
      const quote = text.indexOf('"', i);
      if (quote >= 0 && quote < to) return { column, problem: 'has a quote inside an unquoted value' };
      columns.push(text.slice(i, to));
      if (comma < 0) return columns;
      i = comma + 1;
    }
  }
}

const HEX = /^[0-9A-Fa-f]{2}$/;
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * A URL-encoded key, decoded as S3 Batch Operations' own examples do (`unquote`, not `unquote_plus`): `%20` is a
 * space, and `+` stays a `+`. Characters that need no escape are taken as they are.
 */
export function decodeKey(raw: string): string | { problem: string } {
  if (!raw.includes('%')) return raw; // most keys: decodeURIComponent would return them as they are, 4× slower
  try {
    return decodeURIComponent(raw);
  } catch {
    for (let i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
      if (!HEX.test(raw.slice(i + 1, i + 3))) return { problem: `bad escape ${excerpt(raw.slice(i, i + 3))}` };
    }
    // Every escape is well formed, so some run of them is not UTF-8.
    for (const run of raw.match(ESCAPES) ?? []) {
      try {
        decodeURIComponent(run);
      } catch {
        return { problem: `${excerpt(run, 60)} is not UTF-8` };
      }
    }
    return { problem: 'bad escape' }; // unreachable: decodeURIComponent fails only for the two reasons above
  }
}

/** The row named by `values` (columns already split), labelled by `names`; shared with inventory lines. */
export function rowOf(values: readonly string[], names: readonly (string | undefined)[]): ManifestRow | Problem {
  let bucket: string | undefined;
  let key: string | undefined;
  let versionId: string | undefined;
  for (let i = 0; i < values.length; i++) {
    const name = names[i];
    const value = values[i]!;
    if (name === 'Bucket') {
      if (value === '') return { problem: `${columnLabel(i, name)} is empty` };
      if (!isBucketName(value)) return { problem: `${columnLabel(i, name)} is not a bucket name: ${excerpt(value)}` };
      bucket = value;
    } else if (name === 'Key') {
      if (value === '') return { problem: `${columnLabel(i, name)} is empty` };
      const decoded = decodeKey(value);
      if (typeof decoded !== 'string') return { problem: `${columnLabel(i, name)} is not URL-encoded: ${decoded.problem}` };
      const problem = keyProblem(decoded);
      if (problem !== undefined) return { problem: `${columnLabel(i, name)} ${problem} once decoded` };
      key = decoded;
    } else if (name === 'VersionId') {
      versionId = value === '' ? undefined : value;
    }
  }
  if (bucket === undefined) return { problem: 'has no Bucket column' };
  if (key === undefined) return { problem: 'has no Key column' };
  return versionId === undefined ? { bucket, key } : { bucket, key, versionId };
}

/** Every line of a job is parsed with the same fields: they are checked again only when they change, not per line. */
let checked: { readonly fields: readonly string[]; readonly copy: readonly string[]; readonly problem: string | undefined } | undefined;

/** Why Spec.Fields cannot describe a manifest, or undefined. The API checks it too; this keeps parsing total. */
export function fieldsProblem(fields: readonly string[]): string | undefined {
  if (checked?.fields === fields && checked.copy.length === fields.length && checked.copy.every((f, i) => f === fields[i])) return checked.problem;
  const problem = checkFields(fields);
  checked = { fields, copy: [...fields], problem };
  return problem;
}

function checkFields(fields: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const field of fields) {
    if (!MANIFEST_FIELDS.includes(field)) return `Spec.Fields names ${excerpt(field, 40)}, which is not one of ${MANIFEST_FIELDS.join(', ')}`;
    if (field !== 'Ignore' && seen.has(field)) return `Spec.Fields names ${field} twice`;
    seen.add(field);
  }
  if (!seen.has('Bucket')) return 'Spec.Fields names no Bucket';
  if (!seen.has('Key')) return 'Spec.Fields names no Key';
  return undefined;
}

/**
 * The object one manifest line names. Columns map to `fields` in order; `Ignore` columns are skipped; a line may
 * end early only where the columns it lacks are all `VersionId`; an empty VersionId means the latest version.
 */
export function parseCsvManifestLine(text: string, fields: readonly string[]): ManifestRow | Problem {
  const wrong = fieldsProblem(fields);
  if (wrong !== undefined) return { problem: wrong };
  const columns = splitCsvLine(text);
  if (!Array.isArray(columns)) return { problem: `${columnLabel(columns.column, fields[columns.column])} ${columns.problem}` };
  if (columns.length > fields.length) {
    return { problem: `has ${columns.length} columns, more than the ${fields.length} of Spec.Fields (${listOf(fields)})` };
  }
  for (let i = columns.length; i < fields.length; i++) {
    if (fields[i] !== 'VersionId') return { problem: `${columnLabel(i, fields[i])} is missing: the line has ${plural(columns.length, 'column')}` };
  }
  return rowOf(columns, fields);
}

/**
 * **decision** (runner.md §2): a first line whose columns equal the field names, compared case-insensitively after
 * trimming each, is a header. `Ignore` columns must read `Ignore` too: the rule is equality, nothing looser.
 */
export function isHeaderLine(text: string, fields: readonly string[]): boolean {
  const columns = splitCsvLine(text);
  return (
    Array.isArray(columns) &&
    columns.length === fields.length &&
    columns.every((column, i) => column.trim().toLowerCase() === fields[i]!.trim().toLowerCase())
  );
}

/** Names joined for a message, cut short: Spec.Fields and fileSchema are inputs too. */
export function listOf(names: readonly string[]): string {
  const joined = names.join(',');
  return joined.length <= 60 ? joined : `${joined.slice(0, 60)}…`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
