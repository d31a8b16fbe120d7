/**
 * Inventory reports as manifests (S3InventoryReport_CSV_20161130, COSInventoryReport_CSV_V1): the report's
 * manifest.json, which lists gzipped CSV files, and the lines of those files. S3 and COS write every value quoted and
 * keys URL-encoded; the columns are those `fileSchema` names, in its order.
 */
import { excerpt, isBucketName, parseBucketArn, type Problem } from './arn';
import { columnLabel, listOf, rowOf, splitCsvLine, type ManifestRow } from './csv';

export interface InventoryFile {
  key: string;
  size?: number;
  md5?: string;
}

export interface InventoryManifest {
  files: InventoryFile[];
  /** Column names, trimmed: `"Bucket, Key, VersionId"` → `['Bucket', 'Key', 'VersionId']`. */
  schema: string[];
  sourceBucket: string;
  /** As manifest.json gives it: an ARN (S3 writes `arn:aws:s3:::<bucket>`), or a bucket name. The files are there. */
  destinationBucket: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why `schema` cannot describe inventory lines, or undefined. */
function schemaProblem(schema: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const name of schema) {
    if (name === '') return 'fileSchema has an empty column name';
    if (seen.has(name)) return `fileSchema names ${excerpt(name, 40)} twice`;
    seen.add(name);
  }
  if (!seen.has('Bucket')) return 'fileSchema names no Bucket column';
  if (!seen.has('Key')) return 'fileSchema names no Key column';
  return undefined;
}

/** A report's manifest.json. Only CSV reports can be read (ORC and Parquet are refused). */
export function parseInventoryManifest(json: string): InventoryManifest | Problem {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { problem: 'is not JSON' };
  }
  if (!isObject(value)) return { problem: 'is not a JSON object' };
  const { sourceBucket, destinationBucket, fileFormat, fileSchema, files } = value;
  if (typeof fileFormat !== 'string') return { problem: 'has no fileFormat (it must be CSV)' };
  if (fileFormat.toUpperCase() !== 'CSV') return { problem: `has fileFormat ${excerpt(fileFormat, 20)}; only CSV reports can be read` };
  if (typeof sourceBucket !== 'string' || sourceBucket === '') return { problem: 'has no sourceBucket' };
  if (!isBucketName(sourceBucket)) return { problem: `has sourceBucket ${excerpt(sourceBucket)}, which is not a bucket name` };
  if (typeof destinationBucket !== 'string' || destinationBucket === '') return { problem: 'has no destinationBucket' };
  if (!isBucketName(destinationBucket)) {
    const arn = parseBucketArn(destinationBucket);
    if ('problem' in arn) return { problem: `has a destinationBucket that is neither a bucket name nor a bucket ARN: ${arn.problem}` };
  }
  if (typeof fileSchema !== 'string') return { problem: 'has no fileSchema' };
  const schema = fileSchema.split(',').map((name) => name.trim());
  const wrong = schemaProblem(schema);
  if (wrong !== undefined) return { problem: wrong };
  if (!Array.isArray(files)) return { problem: 'has no files list' };
  const listed: InventoryFile[] = [];
  for (const [i, file] of files.entries()) {
    if (!isObject(file)) return { problem: `files[${i}] is not an object` };
    const { key, size, MD5checksum } = file;
    if (typeof key !== 'string' || key === '') return { problem: `files[${i}] has no key` };
    if (size !== undefined && !(Number.isSafeInteger(size) && (size as number) >= 0)) return { problem: `files[${i}].size is not a number of bytes` };
    if (MD5checksum !== undefined && typeof MD5checksum !== 'string') return { problem: `files[${i}].MD5checksum is not a string` };
    listed.push({ key, ...(typeof size === 'number' && { size }), ...(typeof MD5checksum === 'string' && { md5: MD5checksum }) });
  }
  return { files: listed, schema, sourceBucket, destinationBucket };
}

/**
 * The object one inventory line names. **decision** a delete marker (IsDeleteMarker `true`, any case) names no
 * object to act on: it comes back as `{ skip: true }`, not as a task and not as a problem. Columns other than
 * Bucket, Key, VersionId and IsDeleteMarker are not read.
 */
export function parseInventoryLine(text: string, schema: readonly string[]): ManifestRow | Problem | { skip: true } {
  const wrong = schemaProblem(schema);
  if (wrong !== undefined) return { problem: wrong };
  const columns = splitCsvLine(text);
  if (!Array.isArray(columns)) return { problem: `${columnLabel(columns.column, schema[columns.column])} ${columns.problem}` };
  if (columns.length !== schema.length) {
    return { problem: `has ${columns.length} columns, not the ${schema.length} of fileSchema (${listOf(schema)})` };
  }
  const deleteMarker = schema.indexOf('IsDeleteMarker');
  if (deleteMarker >= 0 && columns[deleteMarker]!.trim().toLowerCase() === 'true') return { skip: true };
  return rowOf(columns, schema);
}
