/** One line of a CSV manifest (S3 Batch Operations' and COS's): columns in the order of Spec.Fields, keys URL-encoded. */
export function splitCsvLine(text: string): string[] | { problem: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote < 0) return { problem: 'has a quote that is never closed' };
        value += text.slice(j, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          j = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ',') return { problem: 'has text after a closing quote' };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const value = text.slice(i, comma < 0 ? text.length : comma);
      if (value.includes('"')) return { problem: 'has a quote inside an unquoted field' };
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const FIELD_NAMES = new Set(['Ignore', 'Bucket', 'Key', 'VersionId']);

export function parseCsvManifestLine(text: string, fields: readonly string[]): { bucket: string; key: string; versionId?: string } | { problem: string } {
  const unknown = fields.find((f) => !FIELD_NAMES.has(f));
  if (unknown !== undefined) return { problem: `Spec.Fields names ${JSON.stringify(unknown.slice(0, 40))}, not one of Ignore, Bucket, Key, VersionId` };
  const columns = splitCsvLine(text);
  if (!Array.isArray(columns)) return columns;
  if (columns.length > fields.length) return { problem: `has ${columns.length} columns, more than the ${fields.length} fields` };
  const values: Record<string, string> = {};
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i]!;
    const value = columns[i];
    if (value === undefined) {
      if (name === 'VersionId' || name === 'Ignore') continue;
      return { problem: `has no column ${i + 1} (${name})` };
    }
    if (name === 'Ignore') continue;
    if (name === 'Key') {
      try {
        values.Key = decodeURIComponent(value);
      } catch {
        return { problem: `column ${i + 1} (Key) is not URL-encoded: ${JSON.stringify(value.slice(0, 100))}` };
      }
    } else {
      values[name] = value;
    }
  }
  const bucket = values.Bucket ?? '';
  if (!BUCKET.test(bucket)) return { problem: `column ${fields.indexOf('Bucket') + 1} (Bucket) is not a bucket name: ${JSON.stringify(bucket.slice(0, 100))}` };
  const key = values.Key ?? '';
  if (key === '') return { problem: `column ${fields.indexOf('Key') + 1} (Key) is empty` };
  if (Buffer.byteLength(key) > 1024) return { problem: `column ${fields.indexOf('Key') + 1} (Key) is longer than 1,024 bytes` };
  return { bucket, key, ...(values.VersionId ? { versionId: values.VersionId } : {}) };
}

/** **decision** (runner.md §2): a first line that equals the field names is a header. */
export function isHeaderLine(text: string, fields: readonly string[]): boolean {
  const columns = splitCsvLine(text);
  return Array.isArray(columns) && columns.length === fields.length && columns.every((c, i) => c.trim().toLowerCase() === fields[i]!.toLowerCase());
}
