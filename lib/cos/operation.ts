import { anyCommand, type Operation, type OperationResult as Result } from '../http/dialect';
import type { CosError } from './errors';
import type { XmlNode } from './xml';

export type { OperationContext } from '../http/dialect';

/** A COS operation (lib/http/dialect.ts): its checks answer CosErrors. */
export type CosOperation<Command> = Operation<Command, CosError>;
export type OperationResult = Result<CosError>;

/** Forgets the command type, so operations of different commands fit in one route table. */
export function operation<Command>(definition: CosOperation<Command>): CosOperation<unknown> {
  return anyCommand(definition);
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
