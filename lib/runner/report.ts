/**
 * Completion reports in the S3 Batch Operations layout (shared/spec/runner.md §5; runner-parts.md §4.3):
 * `<Prefix>/job-<JobId>/results/<40 hex>.csv`, one file per chunk attempt and task status, and
 * `<Prefix>/job-<JobId>/manifest.json` listing the files of committed attempts only, so that every task appears once.
 */
import { createHash } from 'node:crypto';
import { parseBucketArn } from './manifest/arn';

export interface TaskResult {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly status: 'succeeded' | 'failed';
  readonly httpStatus: number;
  readonly errorCode: string;
  readonly message: string;
}

export interface ReportTarget {
  readonly bucket: string;
  /** `<Prefix>/job-<JobId>/` (no leading slash). */
  readonly folder: string;
  readonly failedOnly: boolean;
}

/** Where the job's report goes, or undefined when it has none; a string says why the config cannot be used. */
export function reportTarget(report: unknown, jobId: string): ReportTarget | undefined | string {
  if (typeof report !== 'object' || report === null) return undefined;
  const r = report as Record<string, unknown>;
  if (r.Enabled !== 'true') return undefined;
  const bucket = parseBucketArn(String(r.Bucket ?? ''));
  if ('problem' in bucket) return `Report.Bucket: ${bucket.problem}`;
  const prefix = String(r.Prefix ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: bucket.bucket, folder: `${prefix ? `${prefix}/` : ''}job-${jobId}/`, failedOnly: r.ReportScope === 'FailedTasksOnly' };
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling its quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A key as manifests and reports write it: URL-encoded, its slashes kept (as in real reports). */
export const encodeKey = (key: string): string => encodeURIComponent(key).replace(/%2F/g, '/');

/**
 * One report line. The column order is that of real reports (HTTP status before error code), not that of the
 * `ReportSchema` header AWS writes: runner-parts.md §4.3. Keys are URL-encoded, as in the manifest.
 */
export function reportLine(result: TaskResult): string {
  return [
    result.bucket,
    encodeKey(result.key),
    result.versionId ?? '',
    result.status,
    String(result.httpStatus),
    result.errorCode,
    result.message,
  ]
    .map(csvField)
    .join(',');
}

/** The result file of one attempt of one chunk, for one task status: 40 hex characters, as AWS names them. */
export function resultKey(target: ReportTarget, jobId: string, chunk: number, attempt: string, status: string): string {
  const name = createHash('sha1').update(`${jobId}\n${chunk}\n${attempt}\n${status}`).digest('hex');
  return `${target.folder}results/${name}.csv`;
}

export const REPORT_SCHEMA = 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage';

export function reportManifest(
  bucket: string,
  results: readonly { readonly key: string; readonly status: string; readonly md5: string }[],
  createdAt: string,
): string {
  return `${JSON.stringify(
    {
      Format: 'Report_CSV_20180820',
      ReportCreationDate: createdAt,
      Results: results.map((r) => ({ TaskExecutionStatus: r.status, Bucket: bucket, MD5Checksum: r.md5, Key: r.key })),
      ReportSchema: REPORT_SCHEMA,
    },
    null,
    2,
  )}\n`;
}
