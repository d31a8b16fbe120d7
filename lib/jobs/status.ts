/** The 13 statuses of a COS batch-operation job, in lifecycle order. */
export const JOB_STATUSES = [
  'New',
  'Preparing',
  'Suspended',
  'Ready',
  'Active',
  'Pausing',
  'Paused',
  'Completing',
  'Complete',
  'Cancelling',
  'Cancelled',
  'Failing',
  'Failed',
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/** The statuses a caller may request through UpdateJobStatus. */
export type RequestedJobStatus = 'Ready' | 'Cancelled';

const statusSet: ReadonlySet<string> = new Set(JOB_STATUSES);

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && statusSet.has(value);
}

export function isRequestedJobStatus(value: unknown): value is RequestedJobStatus {
  return value === 'Ready' || value === 'Cancelled';
}
