/**
 * What `npm run jobs -- watch` shows of a job: one line with a bar, the counts and the status, and at the end where
 * the report is. Pure, so that test/unit/progress.test.ts checks it exactly.
 */
import { isFinal } from '../lib/jobs/job';

export interface WatchedJob {
  readonly status: string;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly reason?: string;
  readonly failure?: { readonly code: string; readonly reason: string };
  readonly report?: { readonly bucket: string; readonly folder: string };
}

/** `[#########...........]  45%  450/1000 tasks (440 succeeded, 10 failed)  Active` */
export function progressLine(job: WatchedJob, width = 30): string {
  const done = job.succeeded + job.failed;
  const share = job.total > 0 ? Math.min(1, done / job.total) : isFinal(job.status) ? 1 : 0;
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const counts =
    job.total > 0 || done > 0
      ? `${done}/${job.total} tasks (${job.succeeded} succeeded, ${job.failed} failed)`
      : isFinal(job.status) || job.status === 'Suspended'
        ? 'no tasks'
        : 'counting the manifest';
  return `${bar} ${percent}  ${counts}  ${job.status}`;
}

/** The lines printed once the job has ended. */
export function closingLines(job: WatchedJob, s3Endpoint: string | undefined): string[] {
  const lines = [`Job ${job.status}${job.reason ? `: ${job.reason}` : ''}`];
  if (job.failure?.code) lines.push(`Failure: ${job.failure.code}: ${job.failure.reason}`);
  if (job.report && job.succeeded + job.failed > 0) {
    lines.push(`Report: s3://${job.report.bucket}/${job.report.folder}manifest.json (result files under ${job.report.folder}results/)`);
    if (s3Endpoint) lines.push(`  read it: curl -s ${s3Endpoint}/${job.report.bucket}/${job.report.folder}manifest.json`);
  } else if (job.report) {
    lines.push('Report: none written (no task ran)');
  } else {
    lines.push('Report: not enabled for this job');
  }
  return lines;
}
