/** CreateJob: `POST /jobs` with a `CreateJobRequest` XML body. */
import { createHash } from 'node:crypto';
import { readBodyText } from '../../http/body';
import type { HttpRequest } from '../../http/event';
import { createJob } from '../../jobs/create-job';
import type { JobDefinition, Manifest, Operation, Report } from '../../jobs/job';
import { CosError, MESSAGES } from '../errors';
import { CREATE_JOB_REQUEST, crossCheck } from '../job-definition-xml';
import { operation } from '../operation';
import { checkAppId, invalidArgument } from '../request-fields';
import { parseDocument } from '../../xml/document';
import { group, readElement, SchemaProblem } from '../../xml/schema';
import { clip } from '../../text';

export interface CreateJobCommand {
  readonly appId: string;
  readonly clientRequestToken: string;
  readonly definition: JobDefinition;
}

export const LIMITS = {
  /** The largest body read: a full CreateJobRequest with every option is under 16 KiB. */
  maxBodyBytes: 64 * 1024,
  /**
   * The format nests 7 elements deep, the root included (CreateJobRequest > Operation > COSPutObjectCopy >
   * AccessControlGrants > COSGrant > Grantee > DisplayName); anything deeper is refused.
   */
  maxDepth: 7,
  /**
   * Markup (`<`) a full CreateJobRequest can need: 100 grants of 6 elements, 100 user-metadata members of 3, 10 tags,
   * 10 fields and the rest come to about 1,000 elements, 2,000 tags. A body with more is refused before parsing, so
   * that 64 KiB of empty elements cannot cost the parser tens of milliseconds.
   */
  maxMarkup: 4096,
} as const;

const MALFORMED = (detail: string) => new CosError('MalformedXML', `The request body is not well-formed XML: ${detail}`);
const CREATE_JOB = group(...CREATE_JOB_REQUEST);

export const CreateJob = operation<CreateJobCommand>({
  name: 'CreateJob',
  parse(request) {
    const appId = checkAppId(request);
    if (appId instanceof CosError) return appId;
    const body = readBody(request);
    if (body instanceof CosError) return body;
    const parsed = parseCreateJobRequest(body);
    return parsed instanceof CosError ? parsed : { appId, ...parsed };
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
        return new CosError('InvalidRequest', MESSAGES.tokenTaken);
      case 'contended':
        return new CosError('ServiceUnavailable', MESSAGES.tokenContended);
    }
  },
});

/**
 * The body as text: refused when empty, larger than LIMITS.maxBodyBytes (judged before anything decodes it), not
 * UTF-8 (bytes that are not, or U+FFFD, which a gateway puts in their place), or not matching a Content-MD5.
 */
export function readBody(request: HttpRequest): string | CosError {
  const body = readBodyText(request, LIMITS.maxBodyBytes);
  if ('problem' in body) {
    switch (body.problem) {
      case 'empty':
        return new CosError('InvalidRequest', MESSAGES.emptyBody);
      case 'too-large':
        return new CosError('EntityTooLarge', `The request body must be at most ${LIMITS.maxBodyBytes} bytes.`);
      case 'not-utf8':
        return invalidArgument('The request body must be valid UTF-8.');
    }
  }
  const md5 = request.headers.get('content-md5');
  if (md5 !== undefined && createHash('md5').update(body.bytes ?? Buffer.from(body.text, 'utf8')).digest('base64') !== md5.trim()) {
    return new CosError('InvalidDigest', 'The Content-MD5 header does not match the MD5 of the request body.');
  }
  return body.text;
}

/** Parses and checks a CreateJobRequest document; the first problem found is the answer. */
export function parseCreateJobRequest(xml: string): Omit<CreateJobCommand, 'appId'> | CosError {
  const parsed = parseDocument(xml, LIMITS, 'CreateJobRequest');
  if ('problem' in parsed) return MALFORMED(parsed.problem);
  const { roots, document } = parsed;
  if (roots.length !== 1 || roots[0] !== 'CreateJobRequest') {
    return new CosError('MalformedXML', `The root element must be CreateJobRequest, not ${roots.map((root) => clip(root, 64)).join(', ') || 'none'}.`);
  }

  let request: Record<string, string> & { Manifest: Manifest; Operation: Operation; Report: Report };
  try {
    request = readElement(CREATE_JOB, (document.CreateJobRequest as unknown[])[0], []) as typeof request;
  } catch (error) {
    if (error instanceof SchemaProblem) return problemError(error.path, error.problem, error.malformed);
    throw error;
  }
  const crossProblem = crossCheck(request.Manifest, request.Operation);
  if (crossProblem) return problemError(crossProblem.path, crossProblem.problem, false);

  return {
    clientRequestToken: request.ClientRequestToken!,
    definition: {
      confirmationRequired: request.ConfirmationRequired === 'true',
      description: request.Description ?? '',
      priority: Number(request.Priority),
      roleArn: request.RoleArn!,
      manifest: request.Manifest,
      operation: request.Operation,
      report: request.Report,
    },
  };
}

/**
 * A wrong Manifest, Operation or Report is MalformedXML with COS's message for that part; a wrong Priority is
 * InvalidRequest with COS's message; any other wrong element is InvalidArgument naming it and the rule.
 */
function problemError(path: readonly string[], problem: string, malformed: boolean): CosError {
  const where = path.length ? path.join('.') : 'CreateJobRequest';
  const part = path[0];
  if (malformed) return MALFORMED(`${where} ${problem}`);
  if (part === 'Manifest' || part === 'Operation' || part === 'Report') {
    return new CosError('MalformedXML', `Incorrect ${part} format: ${where} ${problem}.`);
  }
  if (part === 'Priority') return new CosError('InvalidRequest', MESSAGES.priority);
  return new CosError('InvalidArgument', `${where} ${problem}.`);
}

