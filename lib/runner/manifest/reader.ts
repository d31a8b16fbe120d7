/**
 * Reads a job's manifest from the storage as a stream of tasks, resumable at any row boundary (a ManifestCursor):
 * CSV manifests with a ranged GET from the cursor's byte offset, pinned to the manifest's ETag; inventory reports
 * file by file (gzipped CSV, read from the file's start and skipped to the cursor: a gzip stream cannot be entered
 * in the middle). Chunks are cut by one rule everywhere, so Preparing's count and each dispatch agree.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { JobFailure } from '../../jobs/job';
import { StorageError, type ManifestCursor, type ObjectRef, type Storage, type TaskRow } from '../ports';
import { parseBucketArn, parseObjectArn } from './arn';
import { DEFAULT_FIELDS, isHeaderLine, parseCsvManifestLine, type ManifestRow } from './csv';
import { parseInventoryLine, parseInventoryManifest } from './inventory';
import { manifestLineBatches } from './lines';

export const MAX_LINE_BYTES = 8 * 1024;
/** A chunk ends after `chunkSize` tasks or once its lines reach this many bytes (a queue message stays under 256 KiB). */
export const CHUNK_BYTES = 160 * 1024;

const CSV_FORMATS = ['COSBatchOperations_CSV_V1', 'S3BatchOperations_CSV_20180820'];
const INVENTORY_FORMATS = ['COSInventoryReport_CSV_V1', 'S3InventoryReport_CSV_20161130'];

/** A line as its format's parser reads it (csv.ts, inventory.ts): a row, why it is not one, or a line to skip. */
type LineResult = ManifestRow | { problem: string } | { skip: true };

export interface OpenManifest {
  readonly files: readonly (ObjectRef & { readonly etag?: string; readonly gzip: boolean })[];
  parse(text: string, line: number): LineResult;
}

const failure = (code: string, reason: string): { failure: JobFailure } => ({ failure: { code, reason: reason.slice(0, 256) } });
const unquote = (etag: string) => etag.trim().replace(/^"+|"+$/g, '');

function readFailure(error: unknown): { failure: JobFailure } {
  if (!(error instanceof StorageError)) throw error;
  if (error.status === 412) return failure('ManifestETagMismatch', 'The manifest changed while the job read it (its ETag no longer matches)');
  return failure('ManifestReadError', `The manifest cannot be read: ${error.status} ${error.code}`);
}

/** Checks the manifest object (its ETag too) and says how to read its rows, or why the job fails. */
export async function openManifest(storage: Storage, manifest: unknown): Promise<OpenManifest | { failure: JobFailure }> {
  const m = (manifest ?? {}) as {
    Location?: { ETag?: string; ObjectArn?: string; ObjectVersionId?: string };
    Spec?: { Format?: string; Fields?: string[] };
  };
  const arn = parseObjectArn(m.Location?.ObjectArn ?? '');
  if ('problem' in arn) return failure('InvalidManifest', `Manifest ObjectArn: ${arn.problem}`);
  const object: ObjectRef = { bucket: arn.bucket, key: arn.key, ...(m.Location?.ObjectVersionId ? { versionId: m.Location.ObjectVersionId } : {}) };
  let etag: string;
  try {
    etag = unquote((await storage.head(object)).etag);
  } catch (error) {
    if (error instanceof StorageError && error.status === 404) {
      return failure('ManifestNotFound', `The manifest ${arn.bucket}/${arn.key} does not exist`);
    }
    return readFailure(error);
  }
  const expected = unquote(m.Location?.ETag ?? '');
  if (etag !== expected) return failure('ManifestETagMismatch', `The manifest's ETag is "${etag}", not "${expected}" as the job gives it`);

  const format = m.Spec?.Format ?? '';
  if (CSV_FORMATS.includes(format)) {
    const fields = m.Spec?.Fields?.length ? m.Spec.Fields : DEFAULT_FIELDS;
    return {
      files: [{ ...object, etag, gzip: false }],
      parse: (text, line) => (line === 1 && isHeaderLine(text, fields) ? { skip: true } : parseCsvManifestLine(text, fields)),
    };
  }
  if (INVENTORY_FORMATS.includes(format)) {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const bytes of storage.read(object, { ifMatch: etag })) {
        chunks.push(Buffer.from(bytes));
        size += bytes.length;
        if (size > 16 * 1024 * 1024) return failure('InvalidManifest', 'The inventory manifest.json is larger than 16 MiB');
      }
    } catch (error) {
      return readFailure(error);
    }
    const inventory = parseInventoryManifest(Buffer.concat(chunks).toString('utf8'));
    if ('problem' in inventory) return failure('InvalidManifest', `Inventory manifest.json: ${inventory.problem}`);
    const destination = parseBucketArn(inventory.destinationBucket);
    const bucket = 'problem' in destination ? inventory.destinationBucket : destination.bucket;
    return {
      files: inventory.files.map((f) => ({ bucket, key: f.key, gzip: f.key.endsWith('.gz') })),
      parse: (text) => parseInventoryLine(text, inventory.schema),
    };
  }
  return failure('InvalidManifest', `Manifest format ${format || '(none)'} is not one the runner reads`);
}

/** Called for each task in order, synchronously; `false` stops the scan after this row. */
export type RowVisitor = (row: TaskRow, bytes: number, next: ManifestCursor) => boolean;

/**
 * Visits the tasks from `cursor` on, synchronously within each chunk of the source (one promise per chunk, no object
 * per row but the row itself: a million-line manifest's garbage then stays in V8's young generation, measured in
 * `npm run bench -- --runner`). Answers the first line that cannot be parsed, if one is met before the visitor stops.
 */
export async function scanManifest(storage: Storage, manifest: OpenManifest, cursor: ManifestCursor, visit: RowVisitor): Promise<{ problem: string } | undefined> {
  for (let file = cursor.file; file < manifest.files.length; file++) {
    const object = manifest.files[file]!;
    const resume = file === cursor.file ? cursor : { file, offset: 0, line: 1 };
    const ranged = !object.gzip && resume.offset > 0;
    const raw = storage.read(object, { ...(ranged && { start: resume.offset }), ...(object.etag && { ifMatch: object.etag }) });
    const source: AsyncIterable<Uint8Array> = object.gzip ? Readable.from(raw).pipe(createGunzip()) : raw;
    const batches = manifestLineBatches(source, {
      startOffset: ranged ? resume.offset : 0,
      firstLineNumber: ranged ? resume.line : 1,
      maxLineBytes: MAX_LINE_BYTES,
    });
    for await (const lines of batches) {
      for (const line of lines) {
        if (line.end <= resume.offset) continue; // a gzip file is re-read from its start
        const where = () => (manifest.files.length > 1 ? `file ${file + 1}, line ${line.number}` : `line ${line.number}`);
        if ('tooLong' in line) return { problem: `${where()} is longer than ${MAX_LINE_BYTES} bytes` };
        if (line.invalidUtf8) return { problem: `${where()} is not valid UTF-8` };
        const parsed = manifest.parse(line.text, line.number);
        if ('skip' in parsed) continue;
        if ('problem' in parsed) return { problem: `${where()}: ${parsed.problem}` };
        const row: TaskRow = { bucket: parsed.bucket, key: parsed.key, line: line.number, ...(parsed.versionId ? { versionId: parsed.versionId } : {}) };
        if (!visit(row, line.end - line.start, { file, offset: line.end, line: line.number + 1 })) return undefined;
      }
    }
  }
  return undefined;
}

export interface ManifestCount {
  readonly total: number;
  readonly chunks: number;
}

/** Reads the whole manifest once: the number of tasks and of chunks, or the first line that cannot be parsed. */
export async function countManifest(storage: Storage, manifest: OpenManifest, chunkSize: number): Promise<ManifestCount | { failure: JobFailure }> {
  let total = 0;
  let chunks = 0;
  let rows = 0;
  let bytes = 0;
  try {
    const stopped = await scanManifest(storage, manifest, { file: 0, offset: 0, line: 1 }, (_row, lineBytes) => {
      total++;
      rows++;
      bytes += lineBytes;
      if (rows >= chunkSize || bytes >= CHUNK_BYTES) {
        chunks++;
        rows = 0;
        bytes = 0;
      }
      return true;
    });
    if (stopped) return failure('ManifestParseError', `The manifest cannot be parsed: ${stopped.problem}`);
  } catch (error) {
    return readFailure(error);
  }
  return { total, chunks: chunks + (rows > 0 ? 1 : 0) };
}

/** The next chunk's rows from `cursor`, cut by the same rule as `countManifest`, and the cursor after them. */
export async function readChunk(
  storage: Storage,
  manifest: OpenManifest,
  cursor: ManifestCursor,
  chunkSize: number,
): Promise<{ rows: TaskRow[]; next: ManifestCursor } | { failure: JobFailure }> {
  const rows: TaskRow[] = [];
  let bytes = 0;
  let next = cursor;
  try {
    const stopped = await scanManifest(storage, manifest, cursor, (row, lineBytes, after) => {
      rows.push(row);
      bytes += lineBytes;
      next = after;
      return rows.length < chunkSize && bytes < CHUNK_BYTES;
    });
    if (stopped) return failure('ManifestParseError', `The manifest cannot be parsed: ${stopped.problem}`);
  } catch (error) {
    return readFailure(error);
  }
  return { rows, next };
}
