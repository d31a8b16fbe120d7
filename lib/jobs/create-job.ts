import { createHash } from 'node:crypto';
import type { JobStore } from '../store/job-store';
import { cosTimestamp, type JobDefinition } from './job';
import { newJobId } from './job-id';

export interface CreateJobInput {
  readonly appId: string;
  readonly clientRequestToken: string;
  readonly definition: JobDefinition;
  readonly requestId: string;
  readonly now: Date;
}

export type CreateJobOutcome = (
  | { readonly kind: 'created'; readonly jobId: string }
  /** The same request with the same token again (a client's retry): the job it made. */
  | { readonly kind: 'repeated'; readonly jobId: string }
  /** The token made a job for another request. */
  | { readonly kind: 'token-reused'; readonly jobId: string }
  /** Other creates with this token kept the database busy past the write budget. */
  | { readonly kind: 'contended' }
) & { readonly writes: number };

/** One attempt, and one more when a create with the same token was in flight at the same moment. */
const MAX_WRITES = 2;

/**
 * CreateJob: a new job in status New, made together with the reservation of its ClientRequestToken. A token is an
 * idempotency key per tenant: the same request again answers the JobId of the job it made; another request with
 * it is refused. Concurrent creates with one token make exactly one job, and each of them learns its JobId.
 */
export async function createJob(store: JobStore, input: CreateJobInput): Promise<CreateJobOutcome> {
  const fingerprint = fingerprintOf(input.definition);
  const jobId = newJobId(input.now.getTime(), input.appId, input.clientRequestToken);
  for (let writes = 1; ; writes++) {
    const result = await store.createJob({
      key: { appId: input.appId, jobId },
      definition: input.definition,
      clientRequestToken: input.clientRequestToken,
      fingerprint,
      status: 'New',
      creationTime: cosTimestamp(input.now),
      requestId: input.requestId,
    });
    switch (result.outcome) {
      case 'created':
        return { kind: 'created', jobId, writes };
      case 'token-taken':
        return { kind: result.fingerprint === fingerprint ? 'repeated' : 'token-reused', jobId: result.jobId, writes };
      case 'contended':
        if (writes >= MAX_WRITES) return { kind: 'contended', writes };
    }
  }
}

/** Equal for equal definitions: the definition is built in one fixed element order, so its JSON is canonical. */
export function fingerprintOf(definition: JobDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('base64');
}
