import type { HttpRequest } from '../http/event';
import type { JobStore } from '../store/job-store';
import type { CosError } from './errors';
import type { XmlNode } from './xml';

/** What an operation needs besides its command; `log` collects the fields of the request's one log line. */
export interface OperationContext {
  readonly store: JobStore;
  readonly requestId: string;
  readonly now: Date;
  readonly log: Record<string, unknown>;
}

/** A success (a body, or none for 204) or the COS error to answer. */
export type OperationResult = { readonly status: 200; readonly body: XmlNode } | { readonly status: 204 } | CosError;

/**
 * One COS operation: `parse` checks everything the request carries, in the contract's order (JobId in the path,
 * query, headers, body), without I/O; `run` calls the use case and renders its outcome. A store that cannot
 * answer throws StoreError from `run`, and the app answers it the same way for every operation.
 */
export interface CosOperation<Command> {
  readonly name: string;
  parse(request: HttpRequest, jobId: string): Command | CosError;
  run(command: Command, context: OperationContext): Promise<OperationResult>;
}

/** Forgets the command type, so operations of different commands fit in one route table. */
export function operation<Command>(definition: CosOperation<Command>): CosOperation<unknown> {
  return definition as CosOperation<unknown>;
}

/** The `ProgressSummary` element DescribeJob and ListJobs share. */
export function progressSummary(progress: { total: number; succeeded: number; failed: number }): XmlNode {
  return [
    'ProgressSummary',
    [
      ['NumberOfTasksFailed', String(progress.failed)],
      ['NumberOfTasksSucceeded', String(progress.succeeded)],
      ['TotalNumberOfTasks', String(progress.total)],
    ],
  ];
}
