import { anyCommand, type Operation, type OperationResult as Result } from '../http/dialect';
import type { ProgressSummary } from '../jobs/job';
import type { XmlNode } from '../xml/node';
import type { AwsError } from './errors';

/** An AWS operation (lib/http/dialect.ts): its checks answer AwsErrors. */
export type AwsOperation<Command> = Operation<Command, AwsError>;
export type OperationResult = Result<AwsError>;

/** Forgets the command type, so operations of different commands fit in one route table. */
export function operation<Command>(definition: AwsOperation<Command>): AwsOperation<unknown> {
  return anyCommand(definition);
}

/** The `ProgressSummary` element DescribeJob and ListJobs share; `activeSeconds` adds `Timers` (DescribeJob). */
export function progressSummary(progress: ProgressSummary, activeSeconds?: number): XmlNode {
  const children: XmlNode[] = [
    ['TotalNumberOfTasks', String(progress.total)],
    ['NumberOfTasksSucceeded', String(progress.succeeded)],
    ['NumberOfTasksFailed', String(progress.failed)],
  ];
  if (activeSeconds !== undefined) children.push(['Timers', [['ElapsedTimeInActiveSeconds', String(activeSeconds)]]]);
  return ['ProgressSummary', children];
}

/** `<Name>` with `member` children, one per item. */
export function members(name: string, items: readonly XmlNode[][]): XmlNode {
  return [name, items.map((children): XmlNode => ['member', children])];
}
