/** S3 Inventory and COS inventory reports: manifest.json, and the lines of its CSV files. */
import { splitCsvLine } from './csv';

export function parseInventoryManifest(json: string):
  | { files: { key: string; size?: number; md5?: string }[]; schema: string[]; sourceBucket: string; destinationBucket: string }
  | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { problem: 'is not JSON' };
  }
  const m = value as { sourceBucket?: unknown; destinationBucket?: unknown; fileFormat?: unknown; fileSchema?: unknown; files?: unknown };
  if (typeof m !== 'object' || m === null) return { problem: 'is not a JSON object' };
  if (typeof m.fileFormat === 'string' && m.fileFormat.toUpperCase() !== 'CSV') return { problem: `fileFormat is ${m.fileFormat.slice(0, 20)}, not CSV` };
  if (typeof m.fileSchema !== 'string') return { problem: 'has no fileSchema' };
  const schema = m.fileSchema.split(',').map((s) => s.trim());
  if (!schema.includes('Bucket') || !schema.includes('Key')) return { problem: 'fileSchema names no Bucket and Key' };
  if (!Array.isArray(m.files)) return { problem: 'has no files' };
  const files: { key: string; size?: number; md5?: string }[] = [];
  for (const f of m.files as { key?: unknown; size?: unknown; MD5checksum?: unknown }[]) {
    if (typeof f?.key !== 'string' || f.key === '') return { problem: 'lists a file without a key' };
    files.push({ key: f.key, ...(typeof f.size === 'number' && { size: f.size }), ...(typeof f.MD5checksum === 'string' && { md5: f.MD5checksum }) });
  }
  return { files, schema, sourceBucket: String(m.sourceBucket ?? ''), destinationBucket: String(m.destinationBucket ?? '') };
}

export function parseInventoryLine(text: string, schema: readonly string[]): { bucket: string; key: string; versionId?: string } | { problem: string } | { skip: true } {
  const columns = splitCsvLine(text);
  if (!Array.isArray(columns)) return columns;
  if (columns.length !== schema.length) return { problem: `has ${columns.length} columns, not the ${schema.length} of fileSchema` };
  const value = (name: string) => columns[schema.indexOf(name)];
  if (value('IsDeleteMarker')?.toLowerCase() === 'true') return { skip: true };
  let key: string;
  try {
    key = decodeURIComponent(value('Key') ?? '');
  } catch {
    return { problem: 'has a Key that is not URL-encoded' };
  }
  const bucket = value('Bucket') ?? '';
  if (!bucket || !key) return { problem: 'has an empty Bucket or Key' };
  const versionId = value('VersionId');
  return { bucket, key, ...(versionId ? { versionId } : {}) };
}
