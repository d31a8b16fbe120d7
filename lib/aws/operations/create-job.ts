/** CreateJob: `POST /v20180820/jobs` with a `CreateJobRequest` XML body. */
import type { HttpRequest } from '../../http/event';
import { createJob } from '../../jobs/create-job';
import type { JobDefinition, Manifest, Operation, Report, Tag } from '../../jobs/job';
import { clip } from '../../text';
import { group, readElement } from '../../xml/schema';
import { readWith, readXmlBody, type BodyLimits } from '../body';
import { AwsError } from '../errors';
import { CREATE_JOB_REQUEST, crossCheck, UNSUPPORTED_OPERATIONS } from '../job-definition-xml';
import { operation } from '../operation';
import { checkAccountId } from '../request-fields';

export interface CreateJobCommand {
  readonly appId: string;
  readonly clientRequestToken: string;
  readonly definition: JobDefinition;
}

export const LIMITS: BodyLimits = {
  /** A full CreateJobRequest with every option this service runs is under 32 KiB. */
  maxBodyBytes: 64 * 1024,
  /**
   * CreateJobRequest > Operation > S3PutObjectCopy > AccessControlGrants > member > Grantee > DisplayName is 7; a
   * ManifestGenerator's filters reach 8, and are allowed that deep so that the refusal can name the ManifestGenerator.
   */
  maxDepth: 8,
  /** About 2,500 tags for 100 grants, 100 metadata entries, 50 job tags and the rest; more is refused before parsing. */
  maxMarkup: 4096,
};

const ROOT = 'CreateJobRequest';
const CREATE_JOB = group(...CREATE_JOB_REQUEST);

export const CreateJob = operation<CreateJobCommand>({
  name: 'CreateJob',
  parse(request) {
    const appId = checkAccountId(request);
    if (appId instanceof AwsError) return appId;
    const parsed = parseCreateJobRequest(request);
    return parsed instanceof AwsError ? parsed : { appId, ...parsed };
  },
  async run(command, { store, requestId, now, log }) {
    Object.assign(log, { appId: command.appId, clientRequestToken: clip(command.clientRequestToken, 64) });
    const outcome = await createJob(store, { ...command, requestId, now });
    Object.assign(log, { writes: outcome.writes, outcome: outcome.kind });
    switch (outcome.kind) {
      case 'created':
      case 'repeated':
        log.jobId = outcome.jobId;
        return { status: 200, body: ['CreateJobResult', [['JobId', outcome.jobId]]] };
      case 'token-reused':
        log.jobId = outcome.jobId;
        return new AwsError('IdempotencyException', 'The ClientRequestToken was already used to create a job with a different request.');
      case 'contended':
        return new AwsError('TooManyRequestsException', 'Another CreateJob request with this ClientRequestToken is being processed. Please try again.');
    }
  },
});

/** Parses and checks a CreateJobRequest; the first problem found is the answer. */
export function parseCreateJobRequest(request: HttpRequest): Omit<CreateJobCommand, 'appId'> | AwsError {
  const body = readXmlBody(request, ROOT, LIMITS);
  if (body instanceof AwsError) return body;
  const refused = refusedPart(body.element);
  if (refused) return refused;

  type Parsed = Record<string, string> & { Manifest: Manifest; Operation: Operation; Report: Report; Tags?: Tag[] };
  const parsed = readWith(() => readElement(CREATE_JOB, body.element, []) as Parsed, ROOT);
  if (parsed instanceof AwsError) return parsed;
  const cross = crossCheck(parsed as never);
  if (cross) return new AwsError('BadRequestException', `${cross.path.join('.')} ${cross.problem}.`);

  return {
    clientRequestToken: parsed.ClientRequestToken!,
    definition: {
      confirmationRequired: parsed.ConfirmationRequired === 'true',
      description: parsed.Description ?? '',
      priority: Number(parsed.Priority),
      roleArn: parsed.RoleArn!,
      manifest: parsed.Manifest,
      operation: parsed.Operation,
      report: parsed.Report,
      ...(parsed.Tags?.length && { tags: parsed.Tags }),
    },
  };
}

/** What S3 Batch Operations has and this service cannot run, named before the schema reads the rest. */
function refusedPart(element: unknown): AwsError | undefined {
  if (typeof element !== 'object' || element === null) return undefined;
  const children = element as Record<string, unknown>;
  if (children.ManifestGenerator !== undefined) {
    return new AwsError('BadRequestException', 'ManifestGenerator is not supported by this service: give the job a Manifest (a CSV file or an inventory report).');
  }
  const operations = children.Operation;
  const first = Array.isArray(operations) ? operations[0] : undefined;
  if (typeof first === 'object' && first !== null) {
    for (const name of Object.keys(first)) {
      const why = UNSUPPORTED_OPERATIONS[name];
      if (why !== undefined) {
        return new AwsError(
          'BadRequestException',
          `The operation ${name} is not supported by this service (${why}); it runs S3PutObjectCopy, S3PutObjectTagging, S3DeleteObjectTagging and S3InitiateRestoreObject.`,
        );
      }
    }
  }
  if (children.Manifest === undefined) {
    return new AwsError('BadRequestException', 'Manifest is required (this service does not generate manifests).');
  }
  return undefined;
}
