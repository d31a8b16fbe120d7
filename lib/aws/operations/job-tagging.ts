/** GetJobTagging, PutJobTagging and DeleteJobTagging: `GET|PUT|DELETE /v20180820/jobs/<JobId>/tagging`. */
import type { HttpRequest } from '../../http/event';
import type { Tag } from '../../jobs/job';
import { getJobTags, putJobTags } from '../../jobs/job-tags';
import type { JobKey } from '../../store/job-store';
import { group, list, readElement, required } from '../../xml/schema';
import { readWith, readXmlBody, type BodyLimits } from '../body';
import { AwsError } from '../errors';
import { duplicateKey, MAX_JOB_TAGS, TAG } from '../job-definition-xml';
import { members, operation } from '../operation';
import { checkJobKey } from '../request-fields';

const NOT_FOUND = () => new AwsError('NotFoundException', 'The specified job does not exist.');

export const GetJobTagging = operation<JobKey>({
  name: 'GetJobTagging',
  parse: (request, pathJobId) => checkJobKey(request, pathJobId),
  async run(key, { store, log }) {
    Object.assign(log, { appId: key.appId, jobId: key.jobId });
    const tags = await getJobTags(store, key);
    if (!tags) return NOT_FOUND();
    return { status: 200, body: ['GetJobTaggingResult', [members('Tags', tags.map((t) => [['Key', t.Key], ['Value', t.Value]]))]] };
  },
});

export interface PutJobTaggingCommand {
  readonly key: JobKey;
  readonly tags: readonly Tag[];
}

const ROOT = 'PutJobTaggingRequest';
/** Lists longer than a job may hold are read (up to this many) so that the answer can be TooManyTagsException. */
const MAX_READ_TAGS = 1000;
const LIMITS: BodyLimits = { maxBodyBytes: 256 * 1024, maxDepth: 4, maxMarkup: MAX_READ_TAGS * 6 + 8 };
const PUT_JOB_TAGGING = group(required('Tags', list('member', TAG, MAX_READ_TAGS)));

export const PutJobTagging = operation<PutJobTaggingCommand>({
  name: 'PutJobTagging',
  parse(request, pathJobId) {
    const key = checkJobKey(request, pathJobId);
    if (key instanceof AwsError) return key;
    const tags = parseTags(request);
    return tags instanceof AwsError ? tags : { key, tags };
  },
  async run({ key, tags }, { store, log }) {
    Object.assign(log, { appId: key.appId, jobId: key.jobId, tags: tags.length });
    return (await putJobTags(store, key, tags)) === 'missing' ? NOT_FOUND() : { status: 200 };
  },
});

function parseTags(request: HttpRequest): readonly Tag[] | AwsError {
  const body = readXmlBody(request, ROOT, LIMITS);
  if (body instanceof AwsError) return body;
  const parsed = readWith(() => readElement(PUT_JOB_TAGGING, body.element, []) as { Tags: Tag[] }, ROOT);
  if (parsed instanceof AwsError) return parsed;
  if (parsed.Tags.length > MAX_JOB_TAGS) {
    return new AwsError('TooManyTagsException', `A job can have at most ${MAX_JOB_TAGS} tags; the request gives ${parsed.Tags.length}.`);
  }
  const duplicate = duplicateKey(parsed.Tags);
  if (duplicate !== undefined) return new AwsError('BadRequestException', `Tags gives the key "${duplicate.slice(0, 40)}" twice.`);
  return parsed.Tags;
}

export const DeleteJobTagging = operation<JobKey>({
  name: 'DeleteJobTagging',
  parse: (request, pathJobId) => checkJobKey(request, pathJobId),
  async run(key, { store, log }) {
    Object.assign(log, { appId: key.appId, jobId: key.jobId });
    return (await putJobTags(store, key, [])) === 'missing' ? NOT_FOUND() : { status: 200 };
  },
});
