/** CreateJob: `POST /jobs` with a `CreateJobRequest` XML body. */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { HttpRequest } from '../../http/event';
import { createJob } from '../../jobs/create-job';
import type { JobDefinition, Manifest, Operation, Report } from '../../jobs/job';
import { CosError, MESSAGES } from '../errors';
import { CREATE_JOB_REQUEST, crossCheck } from '../job-definition-xml';
import { operation } from '../operation';
import { checkAppId, invalidArgument, REPLACEMENT_CHAR } from '../request-fields';
import { NOT_XML_CHAR } from '../xml';
import { badReference, group, readElement, SchemaProblem } from '../xml-schema';
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

/**
 * The parser never expands an entity (entity processing off: references are decoded by xml-schema.ts, the five
 * predefined ones and numeric ones only), keeps text as sent, makes every element a list so that a repeated one
 * is seen, and stops at LIMITS.maxDepth.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  isArray: () => true,
  maxNestedTags: LIMITS.maxDepth - 1, // counts the levels below the root
});

const MALFORMED = (detail: string) => new CosError('MalformedXML', `The request body is not well-formed XML: ${detail}`);
const DECLARATION = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']/;
const DTD = /<!DOCTYPE|<!ENTITY/i;
/** Where `&` is text, not a reference. */
const VERBATIM_SECTIONS = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
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
  const raw = request.body;
  if (raw === '') return new CosError('InvalidRequest', MESSAGES.emptyBody);
  const tooLarge = () => new CosError('EntityTooLarge', `The request body must be at most ${LIMITS.maxBodyBytes} bytes.`);
  let bytes: Buffer | undefined;
  let text: string;
  if (request.bodyIsBase64) {
    if (raw.length > Math.ceil(LIMITS.maxBodyBytes / 3) * 4 + 4) return tooLarge();
    bytes = Buffer.from(raw, 'base64');
    if (bytes.length > LIMITS.maxBodyBytes) return tooLarge();
    try {
      text = UTF8.decode(bytes);
    } catch {
      return invalidArgument('The request body must be valid UTF-8.');
    }
  } else {
    // A string's UTF-8 is at least as long as it, and at most three bytes per UTF-16 unit.
    if (raw.length > LIMITS.maxBodyBytes) return tooLarge();
    if (raw.length * 3 > LIMITS.maxBodyBytes && Buffer.byteLength(raw, 'utf8') > LIMITS.maxBodyBytes) return tooLarge();
    text = raw;
  }
  if (text.includes(REPLACEMENT_CHAR)) return invalidArgument('The request body must be valid UTF-8.');
  const md5 = request.headers.get('content-md5');
  if (md5 !== undefined && createHash('md5').update(bytes ?? Buffer.from(text, 'utf8')).digest('base64') !== md5.trim()) {
    return new CosError('InvalidDigest', 'The Content-MD5 header does not match the MD5 of the request body.');
  }
  return text;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Parses and checks a CreateJobRequest document; the first problem found is the answer. */
export function parseCreateJobRequest(xml: string): Omit<CreateJobCommand, 'appId'> | CosError {
  if (DTD.test(xml)) return MALFORMED('a DOCTYPE or an entity declaration is not allowed');
  const encoding = DECLARATION.exec(xml)?.[1];
  if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') return MALFORMED(`the encoding must be UTF-8, not "${clip(encoding, 64)}"`);
  if (NOT_XML_CHAR.test(xml)) return MALFORMED('it holds a character XML cannot carry');
  if (markupCount(xml) > LIMITS.maxMarkup) return MALFORMED(`it holds more elements than a CreateJobRequest can (${LIMITS.maxMarkup} tags at most)`);
  const valid = XMLValidator.validate(xml);
  // The validator's message may quote the body (every unclosed tag, a whole name): never echo more than a line of it.
  if (valid !== true) return MALFORMED(`${clip(valid.err.msg, 160)} (line ${valid.err.line}, column ${valid.err.col})`);
  // The validator does not check what a reference stands for; one that stands for nothing breaks the document
  // wherever it is (an element the schema ignores, an attribute), so look at all of them (outside CDATA and comments).
  const unknown = xml.includes('&') ? badReference(xml.replace(VERBATIM_SECTIONS, '')) : undefined;
  if (unknown !== undefined) return MALFORMED(`${clip(unknown, 64)} is not a predefined entity or a character reference`);

  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    const detail = error instanceof Error && /nested/i.test(error.message) ? `elements nest deeper than ${LIMITS.maxDepth} levels` : 'it cannot be parsed';
    return MALFORMED(detail);
  }
  const roots = Object.keys(document);
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


function markupCount(xml: string): number {
  let count = 0;
  for (let at = xml.indexOf('<'); at !== -1 && count <= LIMITS.maxMarkup; at = xml.indexOf('<', at + 1)) count++;
  return count;
}
