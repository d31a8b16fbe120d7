/**
 * The five new operations through the whole handler (createApp with AUTH none, both payload formats), with the
 * in-memory store behind the port: success answers, the contract's refusals in its order of checks (route, JobId,
 * query, headers, body), 405 with Allow, one store call per answered request and none for a refused one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../lib/app';
import { CosError } from '../../lib/cos/errors';
import { parseCreateJobRequest } from '../../lib/cos/operations/create-job';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { APPID, createRequest, jobRequest, PAYLOAD_FORMATS, type RequestSpec } from '../support/events';
import { countedStore, MemoryJobStore } from '../support/memory-store';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosDocument, parseCosXml } from '../support/xml';

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'bodies', name), 'utf8');
const BODY = fixture('go-sdk-copy.xml');
const GO_TOKEN = '1829b6c7-3141-42f1-9fe4-17082b841646';
const withToken = (token: string, body = BODY) => body.replace(GO_TOKEN, token);
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STATUSES = ['New', 'Preparing', 'Suspended', 'Ready', 'Active', 'Pausing', 'Paused', 'Completing', 'Complete', 'Cancelling', 'Cancelled', 'Failing', 'Failed'];

/** A copy body with every COSPutObjectCopy option, nested as deep as the format goes. */
const FULL_COPY = BODY.replace(
  '<COSPutObjectCopy>',
  '<COSPutObjectCopy><AccessControlDirective>Replaced</AccessControlDirective><AccessControlGrants><COSGrant><Grantee><DisplayName>me &amp; you</DisplayName><Identifier>qcs::cam::uin/1:uin/1</Identifier><TypeIdentifier>ID</TypeIdentifier></Grantee><Permission>READ</Permission></COSGrant><COSGrant><Grantee><Identifier>qcs::cam::uin/2:uin/2</Identifier><TypeIdentifier>ID</TypeIdentifier></Grantee><Permission>FULL_CONTROL</Permission></COSGrant></AccessControlGrants><CannedAccessControlList>private</CannedAccessControlList><PrefixReplace>true</PrefixReplace><ResourcesPrefix>pic</ResourcesPrefix><TargetKeyPrefix></TargetKeyPrefix><MetadataDirective>Replaced</MetadataDirective><ModifiedSinceConstraint>1576778429</ModifiedSinceConstraint><NewObjectMetadata><CacheControl>no-cache</CacheControl><ContentType>text/plain; charset="utf-8"</ContentType><SSEAlgorithm>AES256</SSEAlgorithm><UserMetadata><member><Key>x-team</Key><Value> a  b </Value></member></UserMetadata></NewObjectMetadata><TaggingDirective>Replaced</TaggingDirective><NewObjectTagging><COSTag><Key>a</Key><Value></Value></COSTag></NewObjectTagging><StorageClass>ARCHIVE</StorageClass>',
).replace('<Description>test batch</Description>', '<ConfirmationRequired>true</ConfirmationRequired><Description>&lt;copy&gt; "all" of it, 批量</Description>');


type Member = { JobId: string; Operation: string; Status: string; Priority: string; ProgressSummary: unknown; CreationTime: string };
function listed(body: string): { members: Member[]; nextToken: string | undefined } {
  const { root, content } = parseCosDocument(body);
  expect(root).toBe('ListJobsResult');
  const { Jobs, NextToken } = content as { Jobs: { member?: Member | Member[] } | ''; NextToken?: string };
  expect(Jobs).toBeDefined(); // <Jobs> is always there (Terraform dereferences it)
  return { members: Jobs === '' ? [] : [Jobs.member!].flat(), nextToken: NextToken };
}

/** The raw text of one element of a body (escapes kept), for echo checks. */
function rawElement(xml: string, name: string): string {
  const match = new RegExp(`<${name}>[\\s\\S]*?</${name}>|<${name}/>`).exec(xml);
  if (!match) throw new Error(`no <${name}> in ${xml}`);
  return match[0];
}

describe.each(PAYLOAD_FORMATS)('%s', (_format, toEvent) => {
  let store: MemoryJobStore;
  let calls: string[];
  let clock: number;
  let handle: ReturnType<typeof createApp>;
  const send = (spec: RequestSpec) => handle(toEvent(spec));
  const create = async (token: string, body = BODY, appId = APPID) => {
    const result = await send(createRequest(withToken(token, body), { appId }));
    expect(result.statusCode).toBe(200);
    return parseCosXml(result.body).fields.JobId!;
  };
  const error = (result: { statusCode: number; body: string }) => parseCosXml(result.body).fields;

  beforeEach(() => {
    ({ store, calls } = countedStore(new MemoryJobStore()));
    clock = Date.parse('2026-11-28T12:00:00Z'); // each request one second later
    handle = createApp({ auth: 'none', store, logger: new RecordingLogger(), newRequestId: createRequestIdGenerator('t'), now: () => new Date((clock += 1000)) });
  });

  describe('CreateJob', () => {
    it('200 with a new JobId, a lowercase UUID v7, in exactly the CreateJobResult layout; one store call', async () => {
      const result = await send(createRequest(BODY));
      expect(result.statusCode).toBe(200);
      expect(result.headers).toEqual({ 'Content-Type': 'application/xml', 'x-cos-request-id': expect.any(String) });
      const jobId = /<JobId>(.*)<\/JobId>/.exec(result.body)![1]!;
      expect(jobId).toMatch(UUID_V7);
      expect(result.body).toBe(`<CreateJobResult>\n\t<JobId>${jobId}</JobId>\n</CreateJobResult>`);
      expect(calls).toEqual(['createJob']);
      expect(store.get(APPID, jobId)).toMatchObject({ Status: 'New', Description: 'test batch', Priority: 1, ClientRequestToken: GO_TOKEN, CreationTime: '2026-11-28T12:00:01Z' });
    });

    it('the same request with the same token again: 200 with the same JobId, and no second job', async () => {
      const jobId = await create('token-a');
      expect(await create('token-a')).toBe(jobId);
      expect(await create('token-a', BODY.replace('<Description>', '<!-- same request --><Description>'))).toBe(jobId);
      expect(calls).toEqual(['createJob', 'createJob', 'createJob']);
      expect(store.jobs.size).toBe(1);
    });

    it('another request with the same token: 400 InvalidRequest, and the job is unchanged', async () => {
      const jobId = await create('token-a');
      for (const other of [BODY.replace('test batch', 'other'), BODY.replace('<Priority>1</Priority>', '<Priority>2</Priority>'), fixture('go-sdk-restore.xml')]) {
        const result = await send(createRequest(withToken('token-a', other)));
        expect(result.statusCode).toBe(400);
        expect(error(result)).toMatchObject({ Code: 'InvalidRequest', Message: 'The ClientRequestToken parameter already exists', Resource: '/jobs' });
      }
      expect(store.jobs.size).toBe(1);
      expect(store.get(APPID, jobId)).toMatchObject({ Description: 'test batch', Priority: 1 });
    });

    it('the same token under another appid is another tenant’s token: another job', async () => {
      const mine = await create('token-a');
      const theirs = await create('token-a', BODY, '1250000001');
      expect(theirs).toMatch(UUID_V7);
      expect(theirs).not.toBe(mine);
      expect(store.get('1250000001', theirs)).toMatchObject({ Status: 'New' });
    });

    it('the time-ordered ids of jobs made one after another sort in creation order', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await create(`token-${9 - i}`));
      expect([...ids].sort()).toEqual(ids);
    });
  });

  describe('DescribeJob', () => {
    it('answers every always-present element, in COS’s order; one store call', async () => {
      const jobId = await create('token-d');
      calls.length = 0;
      const result = await send(jobRequest('GET', `/jobs/${jobId}`));
      expect(result.statusCode).toBe(200);
      expect(calls).toEqual(['getJob']);
      const { root, content } = parseCosDocument(result.body);
      expect(root).toBe('DescribeJobResult');
      const job = (content as { Job: Record<string, unknown> }).Job;
      expect(Object.keys(job).filter((k) => k !== '#text')).toEqual([
        'ConfirmationRequired', 'CreationTime', 'Description', 'FailureReasons', 'JobId', 'Manifest', 'Operation', 'Priority',
        'ProgressSummary', 'Report', 'RoleArn', 'Status', 'StatusUpdateReason',
      ]);
      expect(job).toMatchObject({ ConfirmationRequired: 'false', CreationTime: '2026-11-28T12:00:01Z', JobId: jobId, Status: 'New', Priority: '1', StatusUpdateReason: '' });
    });

    it('echoes Terraform’s job byte for byte, empty lists as <Fields/> and <NewObjectTagging/>', async () => {
      const jobId = await create('token-t', fixture('terraform.xml'));
      const result = await send(jobRequest('GET', `/jobs/${jobId}`));
      expect(result.body).toBe(
        [
          '<DescribeJobResult>',
          '\t<Job>',
          '\t\t<ConfirmationRequired>true</ConfirmationRequired>',
          '\t\t<CreationTime>2026-11-28T12:00:01Z</CreationTime>',
          '\t\t<Description>cos_batch</Description>',
          '\t\t<FailureReasons>',
          '\t\t\t<JobFailure>',
          '\t\t\t\t<FailureCode/>',
          '\t\t\t\t<FailureReason/>',
          '\t\t\t</JobFailure>',
          '\t\t</FailureReasons>',
          `\t\t<JobId>${jobId}</JobId>`,
          '\t\t<Manifest>',
          '\t\t\t<Location>',
          '\t\t\t\t<ETag>64357de8fd75a3abae2200135a2c9627</ETag>',
          '\t\t\t\t<ObjectArn>qcs::cos:ap-guangzhou:uid/1308919341:keep-test-1308919341/cos_bucket_inventory/1308919341/keep-test/test/20230621/manifest.json</ObjectArn>',
          '\t\t\t</Location>',
          '\t\t\t<Spec>',
          '\t\t\t\t<Fields/>',
          '\t\t\t\t<Format>COSInventoryReport_CSV_V1</Format>',
          '\t\t\t</Spec>',
          '\t\t</Manifest>',
          '\t\t<Operation>',
          '\t\t\t<COSPutObjectCopy>',
          '\t\t\t\t<AccessControlDirective>Copy</AccessControlDirective>',
          '\t\t\t\t<MetadataDirective>Copy</MetadataDirective>',
          '\t\t\t\t<TaggingDirective>Copy</TaggingDirective>',
          '\t\t\t\t<NewObjectTagging/>',
          '\t\t\t\t<StorageClass>STANDARD</StorageClass>',
          '\t\t\t\t<TargetResource>qcs::cos:ap-guangzhou:uid/1308919341:cos-lock-1308919341</TargetResource>',
          '\t\t\t</COSPutObjectCopy>',
          '\t\t</Operation>',
          '\t\t<Priority>1</Priority>',
          '\t\t<ProgressSummary>',
          '\t\t\t<NumberOfTasksFailed>0</NumberOfTasksFailed>',
          '\t\t\t<NumberOfTasksSucceeded>0</NumberOfTasksSucceeded>',
          '\t\t\t<TotalNumberOfTasks>0</TotalNumberOfTasks>',
          '\t\t</ProgressSummary>',
          '\t\t<Report>',
          '\t\t\t<Bucket>qcs::cos:ap-guangzhou:uid/1308919341:keep-test-1308919341</Bucket>',
          '\t\t\t<Enabled>true</Enabled>',
          '\t\t\t<Format>Report_CSV_V1</Format>',
          '\t\t\t<ReportScope>AllTasks</ReportScope>',
          '\t\t</Report>',
          '\t\t<RoleArn>qcs::cam::uin/100022975249:roleName/COSBatch_QCSRole</RoleArn>',
          '\t\t<Status>New</Status>',
          '\t\t<StatusUpdateReason/>',
          '\t</Job>',
          '</DescribeJobResult>',
        ].join('\n'),
      );
    });

    it('echoes the restore job’s quoted ETag as &quot;…&quot; and its operation', async () => {
      const jobId = await create('token-r', fixture('go-sdk-restore.xml'));
      const { body } = await send(jobRequest('GET', `/jobs/${jobId}`));
      expect(body).toContain('\n\t\t\t\t<ETag>&quot;ec75a30f3af000e9b31d62bed75cbcad&quot;</ETag>\n');
      expect(body).toContain(
        '\n\t\t<Operation>\n\t\t\t<COSInitiateRestoreObject>\n\t\t\t\t<ExpirationInDays>3</ExpirationInDays>\n\t\t\t\t<JobTier>Standard</JobTier>\n\t\t\t</COSInitiateRestoreObject>\n\t\t</Operation>\n',
      );
    });

    it.each([
      ['the Go SDK copy body', BODY],
      ['the restore body', fixture('go-sdk-restore.xml')],
      ['Terraform’s body', fixture('terraform.xml')],
      ['the published request', fixture('real-request.xml')],
      ['a copy body with every option, escapes and non-ASCII', FULL_COPY],
    ])('echoes %s verbatim: what it answers, sent back as a request, is the same definition', async (_name, body) => {
      const sent = parseCreateJobRequest(body);
      if (sent instanceof CosError) throw sent;
      const jobId = await create('token-echo', body.replace(/<ClientRequestToken>[^<]*<\/ClientRequestToken>/, `<ClientRequestToken>${GO_TOKEN}</ClientRequestToken>`));
      const { body: answer } = await send(jobRequest('GET', `/jobs/${jobId}`));
      const echo = [
        '<CreateJobRequest><ClientRequestToken>echo</ClientRequestToken>',
        ...['ConfirmationRequired', 'Description', 'Manifest', 'Operation', 'Priority', 'Report', 'RoleArn'].map((name) => rawElement(answer, name)),
        '</CreateJobRequest>',
      ].join('');
      const echoed = parseCreateJobRequest(echo);
      if (echoed instanceof CosError) throw echoed;
      expect(echoed.definition).toEqual(sent.definition);
    });

    it('a job another tenant made, or none: 404 NoSuchJob; one store call', async () => {
      const jobId = await create('token-d');
      calls.length = 0;
      for (const [id, appId] of [[jobId, '1250000001'], ['019abcde-f012-7345-8678-9abcdef01234', APPID]] as const) {
        const missing = await send(jobRequest('GET', `/jobs/${id}`, '', appId));
        expect(missing.statusCode).toBe(404);
        expect(error(missing)).toMatchObject({ Code: 'NoSuchJob', Message: 'The specified job does not exist', Resource: `/jobs/${id}` });
      }
      expect(calls).toEqual(['getJob', 'getJob']);
    });

    it('a job another tool wrote with only its Status: well-formed, every always-present element', async () => {
      store.put(APPID, 'job-00001', { Status: 'Cancelled' });
      const result = await send(jobRequest('GET', '/jobs/job-00001'));
      expect(result.statusCode).toBe(200);
      const job = (parseCosDocument(result.body).content as { Job: Record<string, unknown> }).Job;
      expect(Object.keys(job).filter((k) => k !== '#text')).toEqual([
        'ConfirmationRequired', 'CreationTime', 'Description', 'FailureReasons', 'JobId', 'Manifest', 'Operation', 'Priority',
        'ProgressSummary', 'Report', 'RoleArn', 'Status', 'StatusUpdateReason', 'TerminationDate',
      ]);
      expect(result.body).toContain('\n\t\t<Manifest>\n\t\t\t<Location>\n\t\t\t\t<ETag/>\n\t\t\t\t<ObjectArn/>\n\t\t\t</Location>\n\t\t\t<Spec>\n\t\t\t\t<Format/>\n\t\t\t</Spec>\n\t\t</Manifest>\n\t\t<Operation/>\n');
    });
  });

  describe('ListJobs', () => {
    const page = async (rawQuery: string, appId = APPID) => {
      const result = await send(jobRequest('GET', '/jobs', rawQuery, appId));
      expect(result.statusCode).toBe(200);
      return listed(result.body);
    };

    it('pages of maxResults in creation order to the end: NextToken the last JobId, absent on the last page; one store call a page', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await create(`token-l${i}`));
      calls.length = 0;
      const pages: string[][] = [];
      let next: string | undefined;
      do {
        const { members, nextToken } = await page(`maxResults=2${next ? `&nextToken=${next}` : ''}`);
        pages.push(members.map((m) => m.JobId));
        if (nextToken !== undefined) expect(nextToken).toBe(members[members.length - 1]!.JobId);
        next = nextToken;
      } while (next && pages.length < 10);
      expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
      expect(calls).toEqual(['listJobs', 'listJobs', 'listJobs']);
    });

    it('maxResults=1 pages one job at a time; without maxResults (1000) everything on one page, no NextToken', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await create(`token-m${i}`));
      const seen: string[] = [];
      let next = '';
      for (let i = 0; i < 10; i++) {
        const { members, nextToken } = await page(`maxResults=1${next ? `&nextToken=${next}` : ''}`);
        expect(members.length).toBeLessThanOrEqual(1);
        seen.push(...members.map((m) => m.JobId));
        if (!nextToken) break;
        next = nextToken;
      }
      expect(seen).toEqual(ids);
      const all = await page('');
      expect(all.members.map((m) => m.JobId)).toEqual(ids);
      expect(all.nextToken).toBeUndefined();
      expect((await page('maxResults=1000')).members).toHaveLength(3);
    });

    it('every member: Operation is the operation’s name, ProgressSummary present', async () => {
      const copy = await create('token-c');
      const restore = await create('token-r', fixture('go-sdk-restore.xml'));
      const { members } = await page('');
      expect(members.map((m) => [m.JobId, m.Operation, m.Status, m.Priority])).toEqual([
        [copy, 'COSPutObjectCopy', 'New', '1'],
        [restore, 'COSInitiateRestoreObject', 'New', '1'],
      ]);
      for (const m of members) expect(m.ProgressSummary).toEqual({ NumberOfTasksFailed: '0', NumberOfTasksSucceeded: '0', TotalNumberOfTasks: '0', '#text': expect.any(String) });
    });

    it('jobStatuses: only jobs in that status; none: an empty <Jobs/>', async () => {
      const fresh = await create('token-s');
      store.put(APPID, 'zz-active-1', { Status: 'Active' });
      store.put(APPID, 'zz-active-2', { Status: 'Active' });
      store.put(APPID, 'zz-done', { Status: 'Complete' });
      expect((await page('jobStatuses=Active')).members.map((m) => m.JobId)).toEqual(['zz-active-1', 'zz-active-2']);
      expect((await page('jobStatuses=New')).members.map((m) => m.JobId)).toEqual([fresh]);
      const active = await page('jobStatuses=Active&maxResults=1');
      expect(active).toEqual({ members: [expect.objectContaining({ JobId: 'zz-active-1', Operation: '' })], nextToken: 'zz-active-1' });
      expect((await page('jobStatuses=Active&maxResults=1&nextToken=zz-active-1')).members.map((m) => m.JobId)).toEqual(['zz-active-2']);
      const none = await send(jobRequest('GET', '/jobs', 'jobStatuses=Failed'));
      expect(none.body).toBe('<ListJobsResult>\n\t<Jobs/>\n</ListJobsResult>');
    });

    it.each(STATUSES)('jobStatuses=%s is accepted', async (status) => {
      expect((await send(jobRequest('GET', '/jobs', `jobStatuses=${status}`))).statusCode).toBe(200);
    });

    it('only the caller’s jobs', async () => {
      const mine = await create('token-1');
      await create('token-1', BODY, '1250000001');
      expect((await page('')).members.map((m) => m.JobId)).toEqual([mine]);
      expect((await page('', '1250000002')).members).toEqual([]);
    });
  });

  describe('UpdateJobPriority', () => {
    it('200 with the JobId and the new priority, which DescribeJob then shows; one store call', async () => {
      const jobId = await create('token-p');
      calls.length = 0;
      for (const priority of ['2147483647', '0']) {
        const result = await send(jobRequest('POST', `/jobs/${jobId}/priority`, `priority=${priority}`));
        expect(result.statusCode).toBe(200);
        expect(result.body).toBe(`<UpdateJobPriorityResult>\n\t<JobId>${jobId}</JobId>\n\t<Priority>${priority}</Priority>\n</UpdateJobPriorityResult>`);
      }
      expect(calls).toEqual(['changePriority', 'changePriority']);
      expect(store.get(APPID, jobId)!.Priority).toBe(0);
      expect((await send(jobRequest('GET', `/jobs/${jobId}`))).body).toContain('\n\t\t<Priority>0</Priority>\n');
    });

    it.each(['Complete', 'Failed', 'Cancelled'])('a %s job: 404 NoSuchJob, priority unchanged', async (status) => {
      store.put(APPID, 'job-done-0001', { Status: status, Priority: 5 });
      const refused = await send(jobRequest('POST', '/jobs/job-done-0001/priority', 'priority=1'));
      expect(refused.statusCode).toBe(404);
      expect(error(refused)).toMatchObject({ Code: 'NoSuchJob', Message: 'The specified job does not exist or has already been completed' });
      expect(store.get(APPID, 'job-done-0001')!.Priority).toBe(5);
    });

    it('a missing job, or another tenant’s: 404 NoSuchJob', async () => {
      const jobId = await create('token-p');
      for (const [id, appId] of [['job-missing-1', APPID], [jobId, '1250000001']] as const) {
        const refused = await send(jobRequest('POST', `/jobs/${id}/priority`, 'priority=1', appId));
        expect(refused.statusCode).toBe(404);
        expect(error(refused).Message).toBe('The specified job does not exist or has already been completed');
      }
      expect(store.get(APPID, jobId)!.Priority).toBe(1);
    });
  });

  describe('DeleteJob', () => {
    it.each(['Complete', 'Failed', 'Cancelled'])('a %s job: 204 with an empty body; gone; its token free; one store call', async (status) => {
      const jobId = await create('token-x');
      store.get(APPID, jobId)!.Status = status;
      calls.length = 0;
      const spec = jobRequest('DELETE', `/jobs/${jobId}`);
      expect(Object.keys(spec.headers!).map((h) => h.toLowerCase())).not.toContain('content-type'); // none needed, as the Go SDK sends none
      const deleted = await send(spec);
      expect(deleted).toMatchObject({ statusCode: 204, body: '' });
      expect(deleted.headers).toEqual({ 'Content-Type': 'application/xml', 'x-cos-request-id': expect.any(String) });
      expect(calls).toEqual(['deleteJob']);
      expect((await send(jobRequest('GET', `/jobs/${jobId}`))).statusCode).toBe(404);
      const again = await send(jobRequest('DELETE', `/jobs/${jobId}`));
      expect(again.statusCode).toBe(404);
      expect(error(again)).toMatchObject({ Code: 'NoSuchJob', Message: 'The specified job does not exist' });
      const remade = await create('token-x'); // the token was freed with its job
      expect(remade).not.toBe(jobId);
    });

    it.each(['New', 'Suspended', 'Active', 'Cancelling', 'Completing'])('a %s job: 400 InvalidRequest, and the job stays', async (status) => {
      store.put(APPID, 'job-running-1', { Status: status });
      const refused = await send(jobRequest('DELETE', '/jobs/job-running-1'));
      expect(refused.statusCode).toBe(400);
      expect(error(refused)).toMatchObject({ Code: 'InvalidRequest', Message: 'The job can be deleted only when it is Complete, Failed or Cancelled' });
      expect(store.get(APPID, 'job-running-1')).toEqual({ Status: status });
    });

    it('another tenant’s job: 404, and the job stays', async () => {
      store.put(APPID, 'job-done-0001', { Status: 'Complete' });
      const refused = await send(jobRequest('DELETE', '/jobs/job-done-0001', '', '1250000001'));
      expect(refused.statusCode).toBe(404);
      expect(error(refused).Code).toBe('NoSuchJob');
      expect(store.get(APPID, 'job-done-0001')).toEqual({ Status: 'Complete' });
    });
  });

  // -------------------------------------------------------------------------------------------------------------

  const MAX_RESULTS = 'The maxResults parameter must be a positive integer between 1 and 1000';
  const PRIORITY = 'Priority must be an integer between 0 and 2147483647';
  const JOB_ID = 'The job ID must be 5 to 36 characters from A-Z, a-z, 0-9, "-" and "_".';
  const noAppId = (spec: RequestSpec): RequestSpec => ({ ...spec, headers: {} });

  it.each([
    // ListJobs' query
    ['jobStatuses unknown', jobRequest('GET', '/jobs', 'jobStatuses=Bogus'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses in lower case', jobRequest('GET', '/jobs', 'jobStatuses=active'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses empty', jobRequest('GET', '/jobs', 'jobStatuses='), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses as a comma list', jobRequest('GET', '/jobs', 'jobStatuses=New,Active'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses as an encoded comma list', jobRequest('GET', '/jobs', 'jobStatuses=New%2CActive'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses repeated', jobRequest('GET', '/jobs', 'jobStatuses=New&jobStatuses=Active'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses repeated with one value', jobRequest('GET', '/jobs', 'jobStatuses=New&jobStatuses=New'), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['jobStatuses holding U+FFFD', jobRequest('GET', '/jobs', 'jobStatuses=%EF%BF%BD'), 400, 'InvalidArgument', 'The jobStatuses parameter must be valid UTF-8.'],
    ['maxResults 0', jobRequest('GET', '/jobs', 'maxResults=0'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults 1001', jobRequest('GET', '/jobs', 'maxResults=1001'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults 10000', jobRequest('GET', '/jobs', 'maxResults=10000'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults abc', jobRequest('GET', '/jobs', 'maxResults=abc'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults -1', jobRequest('GET', '/jobs', 'maxResults=-1'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults 1.5', jobRequest('GET', '/jobs', 'maxResults=1.5'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults 1e3', jobRequest('GET', '/jobs', 'maxResults=1e3'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults empty', jobRequest('GET', '/jobs', 'maxResults='), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults repeated', jobRequest('GET', '/jobs', 'maxResults=1&maxResults=2'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults repeated with one value', jobRequest('GET', '/jobs', 'maxResults=5&maxResults=5'), 400, 'InvalidArgument', MAX_RESULTS],
    ['maxResults holding U+FFFD', jobRequest('GET', '/jobs', 'maxResults=1%EF%BF%BD'), 400, 'InvalidArgument', 'The maxResults parameter must be valid UTF-8.'],
    ['nextToken too short', jobRequest('GET', '/jobs', 'nextToken=abcd'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken too long', jobRequest('GET', '/jobs', `nextToken=${'a'.repeat(37)}`), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken empty', jobRequest('GET', '/jobs', 'nextToken='), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken with a reservation’s "~"', jobRequest('GET', '/jobs', 'nextToken=~token~abc'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken with a dot', jobRequest('GET', '/jobs', 'nextToken=job.00001'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken with a space', jobRequest('GET', '/jobs', 'nextToken=job%2000001'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken with a slash', jobRequest('GET', '/jobs', 'nextToken=job%2F00001'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken with non-ASCII', jobRequest('GET', '/jobs', 'nextToken=job-%C3%A900001'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken repeated', jobRequest('GET', '/jobs', 'nextToken=job-00001&nextToken=job-00002'), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['nextToken holding U+FFFD', jobRequest('GET', '/jobs', 'nextToken=job-%EF%BF%BD'), 400, 'InvalidArgument', 'The nextToken parameter must be valid UTF-8.'],
    ['ListJobs without an appid', noAppId(jobRequest('GET', '/jobs')), 400, 'InvalidArgument', 'x-cos-appid cannot be empty'],
    // UpdateJobPriority's query
    ['priority missing', jobRequest('POST', '/jobs/job-00001/priority'), 400, 'InvalidRequest', 'No job priority is provided'],
    ['priority -1', jobRequest('POST', '/jobs/job-00001/priority', 'priority=-1'), 400, 'InvalidArgument', PRIORITY],
    ['priority 2147483648', jobRequest('POST', '/jobs/job-00001/priority', 'priority=2147483648'), 400, 'InvalidArgument', PRIORITY],
    ['priority 99999999999', jobRequest('POST', '/jobs/job-00001/priority', 'priority=99999999999'), 400, 'InvalidArgument', PRIORITY],
    ['priority 1.5', jobRequest('POST', '/jobs/job-00001/priority', 'priority=1.5'), 400, 'InvalidArgument', PRIORITY],
    ['priority abc', jobRequest('POST', '/jobs/job-00001/priority', 'priority=abc'), 400, 'InvalidArgument', PRIORITY],
    ['priority +1', jobRequest('POST', '/jobs/job-00001/priority', 'priority=%2B1'), 400, 'InvalidArgument', PRIORITY],
    ['priority " 1"', jobRequest('POST', '/jobs/job-00001/priority', 'priority=%201'), 400, 'InvalidArgument', PRIORITY],
    ['priority 0x10', jobRequest('POST', '/jobs/job-00001/priority', 'priority=0x10'), 400, 'InvalidArgument', PRIORITY],
    ['priority 1e3', jobRequest('POST', '/jobs/job-00001/priority', 'priority=1e3'), 400, 'InvalidArgument', PRIORITY],
    ['priority repeated', jobRequest('POST', '/jobs/job-00001/priority', 'priority=1&priority=1'), 400, 'InvalidArgument', PRIORITY],
    ['priority holding U+FFFD', jobRequest('POST', '/jobs/job-00001/priority', 'priority=1%EF%BF%BD'), 400, 'InvalidArgument', 'The priority parameter must be valid UTF-8.'],
    ['UpdateJobPriority without an appid', noAppId(jobRequest('POST', '/jobs/job-00001/priority', 'priority=1')), 400, 'InvalidArgument', 'x-cos-appid cannot be empty'],
    // JobId in the path
    ['GET /jobs/', jobRequest('GET', '/jobs/'), 400, 'InvalidRequest', 'No job ID is provided'],
    ['DELETE /jobs/', jobRequest('DELETE', '/jobs/'), 400, 'InvalidRequest', 'No job ID is provided'],
    ['POST /jobs//priority', jobRequest('POST', '/jobs//priority', 'priority=1'), 400, 'InvalidRequest', 'No job ID is provided'],
    ['GET /jobs/<bad id>', jobRequest('GET', '/jobs/a.b.c.d'), 400, 'InvalidArgument', JOB_ID],
    ['GET /jobs/<4 characters>', jobRequest('GET', '/jobs/abcd'), 400, 'InvalidArgument', JOB_ID],
    ['DELETE /jobs/<37 characters>', jobRequest('DELETE', `/jobs/${'a'.repeat(37)}`), 400, 'InvalidArgument', JOB_ID],
    ['POST /jobs/<bad id>/priority', jobRequest('POST', '/jobs/a%20b%20c/priority', 'priority=1'), 400, 'InvalidArgument', JOB_ID],
    ['DELETE /jobs/<id> without an appid', noAppId(jobRequest('DELETE', '/jobs/job-00001')), 400, 'InvalidArgument', 'x-cos-appid cannot be empty'],
    ['GET /jobs/<id> without an appid', noAppId(jobRequest('GET', '/jobs/job-00001')), 400, 'InvalidArgument', 'x-cos-appid cannot be empty'],
    // the contract's order: route, JobId, query, headers, body
    ['a bad JobId before a missing appid (DescribeJob)', noAppId(jobRequest('GET', '/jobs/x')), 400, 'InvalidArgument', JOB_ID],
    ['a bad JobId before a missing appid (DeleteJob)', noAppId(jobRequest('DELETE', '/jobs/x')), 400, 'InvalidArgument', JOB_ID],
    ['a bad JobId before a bad priority and a missing appid', noAppId(jobRequest('POST', '/jobs/x/priority', 'priority=x')), 400, 'InvalidArgument', JOB_ID],
    ['a missing JobId before a missing priority', noAppId(jobRequest('POST', '/jobs//priority')), 400, 'InvalidRequest', 'No job ID is provided'],
    ['a missing priority before a missing appid', noAppId(jobRequest('POST', '/jobs/job-00001/priority')), 400, 'InvalidRequest', 'No job priority is provided'],
    ['a bad priority before a missing appid', noAppId(jobRequest('POST', '/jobs/job-00001/priority', 'priority=x')), 400, 'InvalidArgument', PRIORITY],
    ['a bad jobStatuses before a missing appid', noAppId(jobRequest('GET', '/jobs', 'jobStatuses=x')), 400, 'InvalidArgument', 'Parameter jobStatuses is invalid'],
    ['a bad maxResults before a missing appid', noAppId(jobRequest('GET', '/jobs', 'maxResults=0')), 400, 'InvalidArgument', MAX_RESULTS],
    ['a bad nextToken before a missing appid', noAppId(jobRequest('GET', '/jobs', 'nextToken=~')), 400, 'InvalidArgument', 'The nextToken parameter is invalid'],
    ['a missing appid before an empty body', noAppId(createRequest('')), 400, 'InvalidArgument', 'x-cos-appid cannot be empty'],
    ['a missing appid before a malformed body', noAppId(createRequest('<!DOCTYPE x><x/>')), 400, 'InvalidArgument', 'x-cos-appid cannot be empty'],
    ['a route before a bad JobId: PUT /jobs/<bad id>', noAppId(jobRequest('PUT', '/jobs/x')), 405, 'MethodNotAllowed', /; use GET, DELETE\.$/],
    // CreateJob's body (every rule: create-job-request.test.ts)
    ['POST /jobs without a body', createRequest(''), 400, 'InvalidRequest', 'Empty request body'],
    ['POST /jobs with a DOCTYPE', createRequest(`<!DOCTYPE r [<!ENTITY x "y">]>${BODY}`), 400, 'MalformedXML', /DOCTYPE or an entity declaration/],
    ['POST /jobs with a wrong Content-MD5', createRequest(BODY, { headers: { 'content-md5': 'garbage' } }), 400, 'InvalidDigest', /Content-MD5/],
    ['POST /jobs over 64 KiB', createRequest(BODY.replace('test batch', 'x'.repeat(65_536))), 400, 'EntityTooLarge', /65536 bytes/],
    ['POST /jobs with U+FFFD in the body', createRequest(BODY.replace('test batch', '\uFFFD')), 400, 'InvalidArgument', /valid UTF-8/],
    ['POST /jobs with the wrong root', createRequest('<Job/>'), 400, 'MalformedXML', /root element must be CreateJobRequest/],
    ['POST /jobs without a Manifest', createRequest(BODY.replace(/<Manifest>.*<\/Manifest>/, '')), 400, 'MalformedXML', 'Incorrect Manifest format: Manifest is required.'],
    ['POST /jobs with Priority -1', createRequest(BODY.replace('<Priority>1</Priority>', '<Priority>-1</Priority>')), 400, 'InvalidRequest', PRIORITY],
    // routes
    ['PUT /jobs', jobRequest('PUT', '/jobs'), 405, 'MethodNotAllowed', 'The method PUT is not allowed on /jobs; use GET, POST.'],
    ['DELETE /jobs', jobRequest('DELETE', '/jobs'), 405, 'MethodNotAllowed', 'The method DELETE is not allowed on /jobs; use GET, POST.'],
    ['PATCH /jobs', jobRequest('PATCH', '/jobs'), 405, 'MethodNotAllowed', 'The method PATCH is not allowed on /jobs; use GET, POST.'],
    ['HEAD /jobs', jobRequest('HEAD', '/jobs'), 405, 'MethodNotAllowed', 'The method HEAD is not allowed on /jobs; use GET, POST.'],
    ['POST /jobs/<id>', jobRequest('POST', '/jobs/job-00001'), 405, 'MethodNotAllowed', 'The method POST is not allowed on /jobs/job-00001; use GET, DELETE.'],
    ['PUT /jobs/<id>', jobRequest('PUT', '/jobs/job-00001'), 405, 'MethodNotAllowed', 'The method PUT is not allowed on /jobs/job-00001; use GET, DELETE.'],
    ['PATCH /jobs/<id>', jobRequest('PATCH', '/jobs/job-00001'), 405, 'MethodNotAllowed', 'The method PATCH is not allowed on /jobs/job-00001; use GET, DELETE.'],
    ['GET /jobs/<id>/priority', jobRequest('GET', '/jobs/job-00001/priority', 'priority=1'), 405, 'MethodNotAllowed', /; use POST\.$/],
    ['DELETE /jobs/<id>/priority', jobRequest('DELETE', '/jobs/job-00001/priority'), 405, 'MethodNotAllowed', /; use POST\.$/],
    ['GET /jobs/<id>/other', jobRequest('GET', '/jobs/job-00001/other'), 404, 'NoSuchResource', 'The specified resource does not exist.'],
    ['GET /job', jobRequest('GET', '/job'), 404, 'NoSuchResource', 'The specified resource does not exist.'],
  ] as const)('%s: %i %s, and no store call', async (_name, spec, status, code, message) => {
    const result = await send(spec);
    expect(result.statusCode).toBe(status);
    const { root, fields } = parseCosXml(result.body);
    expect(root).toBe('Error');
    expect(fields.Code).toBe(code);
    if (typeof message === 'string') expect(fields.Message).toBe(message);
    else expect(fields.Message).toMatch(message);
    expect(fields.Resource).toBe(spec.path);
    expect(calls).toEqual([]);
  });

  it.each([
    ['/jobs', ['PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'], ['GET', 'POST']],
    ['/jobs/job-00001', ['POST', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'], ['DELETE', 'GET']],
    ['/jobs/job-00001/priority', ['GET', 'PUT', 'DELETE'], ['POST']],
  ] as const)('405 on %s lists the path’s methods in an Allow header', async (path, methods, allowed) => {
    for (const method of methods) {
      const result = await send(jobRequest(method, path));
      expect(result.statusCode).toBe(405);
      expect(result.headers.Allow!.split(', ').sort()).toEqual(allowed);
      expect(error(result).Code).toBe('MethodNotAllowed');
    }
    expect(calls).toEqual([]);
  });

  it.each([
    ['maxResults 1', 'maxResults=1'],
    ['maxResults 1000', 'maxResults=1000'],
    ['a nextToken of 5 characters', 'nextToken=abcde'],
    ['a nextToken of 36 characters', `nextToken=${'A_-z9'.repeat(7)}a`],
    ['all three', 'jobStatuses=Complete&maxResults=10&nextToken=021140d8-67ca-4e89-8089-0de9a1e40943'],
  ])('ListJobs accepts %s: 200, one store call', async (_name, rawQuery) => {
    const result = await send(jobRequest('GET', '/jobs', rawQuery));
    expect(result.statusCode).toBe(200);
    expect(calls).toEqual(['listJobs']);
  });
});
