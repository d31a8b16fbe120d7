/**
 * What the AWS dialect added to DynamoDbJobStore, against DynamoDB Local: a job's tags (read, replaced, removed,
 * never creating an item, never lost to a status or priority change made at the same moment), ListJobs of several
 * statuses paged with a small limit through a partition of mixed statuses (every matching job exactly once, pages
 * that come back empty and still have more to read), and the database budget: one request per store call, counted
 * at the SDK, and per operation through the real handler.
 */
import { createApp } from '../../lib/app';
import { AwsError } from '../../lib/aws/errors';
import { parseCreateJobRequest } from '../../lib/aws/operations/create-job';
import { parseGatewayEvent } from '../../lib/http/event';
import { cosTimestamp, type Tag } from '../../lib/jobs/job';
import { newJobId } from '../../lib/jobs/job-id';
import { listJobs } from '../../lib/jobs/list-jobs';
import type { JobStatus } from '../../lib/jobs/status';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { StoreError, type JobKey, type NewJob } from '../../lib/store/job-store';
import { countingClient, getJob, putJob, scanAll, useTestTable } from '../support/dynamodb';
import { httpApiEvent, restEvent, type RequestSpec } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';

const NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const CREATE_BODY =
  `<?xml version="1.0" encoding="UTF-8"?><CreateJobRequest xmlns="${NS}"><Operation><S3PutObjectTagging><TagSet><member><Key>k</Key><Value>v</Value></member></TagSet></S3PutObjectTagging></Operation><Report><Enabled>true</Enabled><Bucket>arn:aws:s3:::report-bucket</Bucket><Format>Report_CSV_20180820</Format><Prefix>reports</Prefix><ReportScope>AllTasks</ReportScope></Report><Priority>10</Priority><RoleArn>arn:aws:iam::123456789012:role/batch</RoleArn><ConfirmationRequired>true</ConfirmationRequired><ClientRequestToken>tok-1</ClientRequestToken><Manifest><Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec><Location><ObjectArn>arn:aws:s3:::manifest-bucket/manifest.csv</ObjectArn><ETag>60e460c9d1046e73f7dde5043ac3ae85</ETag></Location></Manifest><Description>tag &lt;all&gt; &amp; more</Description><Tags><member><Key>team</Key><Value>data</Value></member></Tags></CreateJobRequest>`;
const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

const db = useTestTable();
let counted: ReturnType<typeof countingClient>;
let store: DynamoDbJobStore;

beforeAll(() => {
  // A client of its own, so that its count holds only the requests of the code under test.
  counted = countingClient();
  store = new DynamoDbJobStore(counted.client, db.name);
});
afterAll(() => counted.client.destroy());

/** What `call` returned, and the database requests it took. */
async function measure<T>(call: () => Promise<T>): Promise<{ value: T; requests: string[] }> {
  counted.sent.length = 0;
  const value = await call();
  return { value, requests: [...counted.sent] };
}

const parsed = (() => {
  const request = parseGatewayEvent(httpApiEvent({ method: 'POST', path: '/v20180820/jobs', headers: { 'x-amz-account-id': '123456789012' }, body: CREATE_BODY }));
  const result = parseCreateJobRequest(request);
  if (result instanceof AwsError) throw new Error(`the body does not parse: ${result.message}`);
  return result;
})();

/** A job as CreateJob makes it for `tenant`, with its tags. */
function newJob(tenant: string, at: number, token: string): NewJob {
  return {
    key: { appId: tenant, jobId: newJobId(at, tenant, token) },
    definition: parsed.definition,
    clientRequestToken: token,
    fingerprint: `fp-${token}`,
    status: 'New',
    creationTime: cosTimestamp(new Date(at)),
    requestId: `req-${token}`,
  };
}
async function created(tenant: string, at: number, token: string): Promise<JobKey> {
  const job = newJob(tenant, at, token);
  expect(await store.createJob(job)).toEqual({ outcome: 'created' });
  return job.key;
}
const itemOf = (key: JobKey) => getJob(db.client, db.name, key.appId, key.jobId);
const tagsAttribute = (tags: readonly Tag[]) => ({ L: tags.map((t) => ({ M: { Key: { S: t.Key }, Value: { S: t.Value } } })) });
const ONE = (command: string) => [command];

// ---------------------------------------------------------------------------------------------------------------

describe('getJobTags and putJobTags against the table', () => {
  const tenant = 'aws:111111111111';

  it('a missing job: undefined and "missing", one request each, and no item is made', async () => {
    const missing = { appId: tenant, jobId: 'no-such-job' };
    expect(await measure(() => store.getJobTags(missing))).toEqual({ value: undefined, requests: ONE('GetItemCommand') });
    expect(await measure(() => store.putJobTags(missing, [{ Key: 'k', Value: 'v' }]))).toEqual({ value: 'missing', requests: ONE('UpdateItemCommand') });
    expect(await measure(() => store.putJobTags(missing, []))).toEqual({ value: 'missing', requests: ONE('UpdateItemCommand') });
    expect(await itemOf(missing)).toBeUndefined();
    expect((await scanAll(db.client, db.name)).filter((i) => i.AppId!.S === tenant)).toEqual([]);
  });

  it('CreateJob’s tags are read back; a put replaces them all; an empty put removes the attribute; nothing else changes', async () => {
    const key = await created(tenant, T0, 'tags-1');
    const before = (await itemOf(key))!;
    expect(before.Tags).toEqual(tagsAttribute([{ Key: 'team', Value: 'data' }]));
    expect(await measure(() => store.getJobTags(key))).toEqual({ value: [{ Key: 'team', Value: 'data' }], requests: ONE('GetItemCommand') });

    const replaced = [
      { Key: 'b', Value: '2' },
      { Key: 'a', Value: '' },
      { Key: 'ünï', Value: 'x y:z' },
    ];
    expect(await measure(() => store.putJobTags(key, replaced))).toEqual({ value: 'changed', requests: ONE('UpdateItemCommand') });
    expect(await measure(() => store.getJobTags(key))).toEqual({ value: replaced, requests: ONE('GetItemCommand') });
    expect(await itemOf(key)).toEqual({ ...before, Tags: tagsAttribute(replaced) });

    expect(await measure(() => store.putJobTags(key, []))).toEqual({ value: 'changed', requests: ONE('UpdateItemCommand') });
    const { Tags: _removed, ...untagged } = before;
    expect(await itemOf(key)).toEqual(untagged);
    expect(await measure(() => store.getJobTags(key))).toEqual({ value: [], requests: ONE('GetItemCommand') });
    // Removing what is not there is no error.
    expect(await measure(() => store.putJobTags(key, []))).toEqual({ value: 'changed', requests: ONE('UpdateItemCommand') });
  });

  it('a finished job can be tagged; a job another tool wrote with only its key reads as untagged', async () => {
    await putJob(db.client, db.name, { appId: tenant, jobId: 'done-job-01', status: 'Complete' });
    expect(await store.getJobTags({ appId: tenant, jobId: 'done-job-01' })).toEqual([]);
    expect(await store.putJobTags({ appId: tenant, jobId: 'done-job-01' }, [{ Key: 'k', Value: 'v' }])).toBe('changed');
    expect(await itemOf({ appId: tenant, jobId: 'done-job-01' })).toEqual({ AppId: { S: tenant }, JobId: { S: 'done-job-01' }, Status: { S: 'Complete' }, Tags: tagsAttribute([{ Key: 'k', Value: 'v' }]) });
  });

  it('a Tags attribute of another shape (another tool) reads as the entries that are {Key, Value} strings', async () => {
    await putJob(db.client, db.name, {
      appId: tenant,
      jobId: 'odd-tags-01',
      status: 'New',
      extra: { Tags: { L: [{ M: { Key: { S: 'ok' }, Value: { S: '1' } } }, { M: { Key: { S: 'no value' } } }, { S: 'not a map' }, { M: { Key: { N: '1' }, Value: { S: 'x' } } }] } },
    });
    expect(await store.getJobTags({ appId: tenant, jobId: 'odd-tags-01' })).toEqual([{ Key: 'ok', Value: '1' }]);
  });

  it('the tags never leave the tenant: the same JobId under another tenant is another job', async () => {
    const key = await created(tenant, T0 + 1, 'tags-2');
    const other = { appId: 'aws:222222222222', jobId: key.jobId };
    expect(await store.getJobTags(other)).toBeUndefined();
    expect(await store.putJobTags(other, [{ Key: 'x', Value: 'y' }])).toBe('missing');
    expect(await itemOf(other)).toBeUndefined();
    expect(await store.getJobTags(key)).toEqual([{ Key: 'team', Value: 'data' }]);
  });
});

describe('tags, status and priority written at the same moment: nothing is lost', () => {
  const tenant = 'aws:333333333333';
  const ROUNDS = 25;
  const JOBS = 6;

  it(`${JOBS} jobs × ${ROUNDS} rounds of a tag put, a status change and a priority change sent together: every one lands`, async () => {
    const keys = await Promise.all(Array.from({ length: JOBS }, (_, j) => created(tenant, T0 + j, `race-${j}`)));
    // Each job moves New → Suspended first; then each round flips it Suspended ⇄ Ready (neither is final).
    for (const key of keys) {
      expect((await store.changeStatus({ key, from: ['New'], to: 'Suspended', reason: 'r', requestId: 'r0', changedAt: new Date(T0).toISOString() })).outcome).toBe('changed');
    }
    const tagsFor = (job: number, round: number): Tag[] =>
      round % 5 === 4 ? [] : Array.from({ length: (round % 3) + 1 }, (_, i) => ({ Key: `k${i}`, Value: `job${job}-round${round}` }));

    for (let round = 1; round <= ROUNDS; round++) {
      const [from, to]: [JobStatus, JobStatus] = round % 2 ? ['Suspended', 'Ready'] : ['Ready', 'Suspended'];
      const outcomes = await Promise.all(
        keys.flatMap((key, job) => [
          store.putJobTags(key, tagsFor(job, round)),
          store.changeStatus({ key, from: [from], to, reason: `round ${round}`, requestId: `req-${round}`, changedAt: new Date(T0 + round * 1000).toISOString() }).then((r) => r.outcome),
          store.changePriority(key, round * 10 + job),
        ]),
      );
      expect(outcomes).toEqual(keys.flatMap(() => ['changed', 'changed', 'changed']));
      for (const [job, key] of keys.entries()) {
        const item = (await itemOf(key))!;
        const tags = tagsFor(job, round);
        expect({ round, job, Status: item.Status, Priority: item.Priority, Version: item.Version, Tags: item.Tags, StatusUpdateReason: item.StatusUpdateReason }).toEqual({
          round,
          job,
          Status: { S: to },
          Priority: { N: String(round * 10 + job) },
          Version: { N: String(round + 1) },
          Tags: tags.length ? tagsAttribute(tags) : undefined,
          StatusUpdateReason: { S: `round ${round}` },
        });
      }
    }
  });

  it('a tag put racing a delete never brings the job back as an item of tags alone', async () => {
    for (let i = 0; i < 20; i++) {
      const key = await created(tenant, T0 + 100 + i, `delete-race-${i}`);
      expect((await store.changeStatus({ key, from: ['New'], to: 'Cancelled', reason: '', requestId: 'c', changedAt: new Date(T0).toISOString() })).outcome).toBe('changed');
      // A transaction that meets a concurrent write may be cancelled (TransactionConflict → StoreError unavailable): the caller retries.
      const deleteJob = () => store.deleteJob(key).catch((error: unknown) => (error instanceof StoreError && error.failure === 'unavailable' ? store.deleteJob(key) : Promise.reject(error)));
      const [deleted, put] = await Promise.all([deleteJob(), store.putJobTags(key, [{ Key: 'late', Value: 'tag' }])]);
      expect(deleted).toEqual({ outcome: 'deleted' });
      expect(['changed', 'missing']).toContain(put);
      expect(await itemOf(key)).toBeUndefined();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('ListJobs of several statuses, paged with a small limit', () => {
  const tenant = 'aws:444444444444';
  const WANTED: JobStatus[] = ['Active', 'Failed'];
  /**
   * 60 jobs: long runs of statuses not asked for (longer than a page), so that some pages read only jobs the
   * filter drops and come back empty with more to read; a few jobs made by CreateJob, so that token reservations
   * sit in the partition.
   */
  const layout: JobStatus[] = [
    ...Array<JobStatus>(3).fill('Active'),
    ...Array<JobStatus>(9).fill('Complete'),
    'Failed',
    ...Array<JobStatus>(12).fill('New'),
    'Active',
    'Suspended',
    'Failed',
    'Failed',
    ...Array<JobStatus>(7).fill('Cancelled'),
    ...Array<JobStatus>(8).fill('Active'),
    ...Array<JobStatus>(5).fill('Paused'),
    ...Array<JobStatus>(4).fill('Ready'),
    ...Array<JobStatus>(7).fill('Complete'),
  ];
  const jobIdAt = (i: number) => `job-${String(i).padStart(4, '0')}`;
  const expected = layout.flatMap((status, i) => (WANTED.includes(status) ? [jobIdAt(i)] : []));

  beforeAll(async () => {
    for (const [i, status] of layout.entries()) {
      await putJob(db.client, db.name, {
        appId: tenant,
        jobId: jobIdAt(i),
        status,
        extra: { StatusJobId: { S: `${status}#${jobIdAt(i)}` }, Description: { S: `job ${i}` }, Priority: { N: String(i) }, CreationTime: { S: '2026-11-28T12:00:00Z' } },
      });
    }
    // Three jobs made as CreateJob makes them (New; their time-ordered ids sort before every job-…), with their
    // token reservations (`~token~…`, after every JobId) in the same partition.
    for (let i = 0; i < 3; i++) await created(tenant, T0 + i, `listed-${i}`);
    // Another tenant's Active jobs.
    for (let i = 0; i < 5; i++) await putJob(db.client, db.name, { appId: 'aws:555555555555', jobId: jobIdAt(i), status: 'Active' });
  });

  it('the layout is what the test needs', () => {
    expect(layout).toHaveLength(60);
    expect(expected).toHaveLength(15);
  });

  it.each([1, 2, 3, 4, 7, 1000])('limit %d through the use case: every matching job exactly once, in order, one request a page', async (limit) => {
    const pages: Array<{ ids: string[]; nextToken: string | undefined; requests: string[] }> = [];
    let after: string | undefined;
    do {
      const { value, requests } = await measure(() => listJobs(store, { appId: tenant, statuses: WANTED, limit, after }));
      pages.push({ ids: value.jobs.map((j) => j.jobId), nextToken: value.nextToken, requests });
      expect(value.jobs.every((j) => WANTED.includes(j.status as JobStatus))).toBe(true);
      expect(value.jobs.length).toBeLessThanOrEqual(limit);
      after = value.nextToken;
      expect(pages.length).toBeLessThan(200);
    } while (after !== undefined);

    const listed = pages.flatMap((p) => p.ids);
    // The three CreateJob jobs are New: never listed. 60 jobs + 3 = 63 read; the reservations never.
    expect(listed).toEqual(expected);
    expect(pages.every((p) => p.requests.length === 1 && p.requests[0] === 'QueryCommand')).toBe(true);
    if (limit < 63) {
      // A page reads `limit` jobs: ceil(63 / limit) pages, plus one empty last page when 63 divides evenly.
      expect(pages).toHaveLength(Math.floor(63 / limit) + 1);
      expect(pages.some((p) => p.ids.length === 0 && p.nextToken !== undefined)).toBe(true);
    } else {
      expect(pages).toEqual([{ ids: expected, nextToken: undefined, requests: ONE('QueryCommand') }]);
    }
  });

  it('an empty page still carries where to resume: the last JobId the database read (resumeAfter)', async () => {
    // From job-0002 with a limit of 3: job-0003..0005 are Complete.
    const { value, requests } = await measure(() => store.listJobs({ appId: tenant, statuses: WANTED, limit: 3, after: jobIdAt(2) }));
    expect([value.jobs, value.more, value.resumeAfter, requests]).toEqual([[], true, jobIdAt(5), ONE('QueryCommand')]);
    expect(await listJobs(store, { appId: tenant, statuses: WANTED, limit: 3, after: jobIdAt(2) })).toEqual({ jobs: [], nextToken: jobIdAt(5) });
    // A page of matching jobs resumes after the last job read, which is not its last job when the filter dropped some.
    const page = await store.listJobs({ appId: tenant, statuses: WANTED, limit: 4, after: jobIdAt(10) });
    expect([page.jobs.map((j) => j.jobId), page.resumeAfter]).toEqual([[jobIdAt(12)], jobIdAt(14)]);
  });

  it('three statuses, and statuses that no job has', async () => {
    const all = async (statuses: JobStatus[], limit: number) => {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await listJobs(store, { appId: tenant, statuses, limit, after });
        ids.push(...page.jobs.map((j) => j.jobId));
        after = page.nextToken;
      } while (after);
      return ids;
    };
    const three: JobStatus[] = ['Suspended', 'Paused', 'New'];
    const newJobs = (await scanAll(db.client, db.name)).filter((i) => i.AppId!.S === tenant && i.Status?.S === 'New').map((i) => i.JobId!.S!);
    expect(newJobs).toHaveLength(15);
    expect(await all(three, 5)).toEqual([...layout.flatMap((s, i) => (three.includes(s) ? [jobIdAt(i)] : [])), ...newJobs.filter((id) => !id.startsWith('job-'))].sort());
    expect(await all(['Failing', 'Completing'], 4)).toEqual([]);
  });

  it('through the handler: jobStatuses twice, maxResults 4, NextToken until there is none; one Query a page', async () => {
    const app = createApp({ auth: 'none', store, logger: new RecordingLogger(), newRequestId: () => 'req' });
    const ids: string[] = [];
    const pageSizes: number[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const query = `jobStatuses=Active&jobStatuses=Failed&maxResults=4${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
      const spec: RequestSpec = { method: 'GET', path: '/v20180820/jobs', rawQuery: query, headers: { 'x-amz-account-id': '444444444444' } };
      const { value: result, requests } = await measure(() => app((pages % 2 ? restEvent : httpApiEvent)(spec)));
      expect([result.statusCode, requests]).toEqual([200, ONE('QueryCommand')]);
      const page = [...result.body.matchAll(/<JobId>([^<]*)<\/JobId>/g)].map((m) => m[1]!);
      expect([...result.body.matchAll(/<Status>([^<]*)<\/Status>/g)].every((m) => WANTED.includes(m[1] as JobStatus))).toBe(true);
      ids.push(...page);
      pageSizes.push(page.length);
      nextToken = /<NextToken>([^<]*)<\/NextToken>/.exec(result.body)?.[1];
      pages++;
    } while (nextToken !== undefined);
    expect(ids).toEqual(expected);
    expect(pages).toBe(16); // 63 jobs read, 4 a page
    expect(pageSizes.filter((n) => n === 0).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------

it('the tagging operations and ListJobs of several statuses through the handler: one request each, none when refused', async () => {
  const app = createApp({ auth: 'none', store, logger: new RecordingLogger(), newRequestId: () => 'req' });
  const account = '666666666666';
  const aws = (method: string, path: string, rawQuery = '', body?: string): RequestSpec => ({ method, path, rawQuery, headers: { 'x-amz-account-id': account }, body });
  const tagsBody = (members: string) => `<PutJobTaggingRequest xmlns="${NS}"><Tags>${members}</Tags></PutJobTaggingRequest>`;

  const create = await measure(() => app(restEvent(aws('POST', '/v20180820/jobs', '', CREATE_BODY))));
  expect([create.value.statusCode, create.requests]).toEqual([200, ONE('TransactWriteItemsCommand')]);
  const jobId = /<JobId>([^<]*)<\/JobId>/.exec(create.value.body)![1]!;
  const tagging = `/v20180820/jobs/${jobId}/tagging`;

  const rows: Array<[string, RequestSpec, number, string[]]> = [
    ['GetJobTagging', aws('GET', tagging), 200, ONE('GetItemCommand')],
    ['PutJobTagging', aws('PUT', tagging, '', tagsBody('<member><Key>a</Key><Value>1</Value></member>')), 200, ONE('UpdateItemCommand')],
    ['PutJobTagging of <Tags/>', aws('PUT', tagging, '', tagsBody('')), 200, ONE('UpdateItemCommand')],
    ['DeleteJobTagging', aws('DELETE', tagging), 200, ONE('UpdateItemCommand')],
    ['GetJobTagging of a missing job', aws('GET', '/v20180820/jobs/no-such-job/tagging'), 404, ONE('GetItemCommand')],
    ['PutJobTagging of a missing job', aws('PUT', '/v20180820/jobs/no-such-job/tagging', '', tagsBody('')), 404, ONE('UpdateItemCommand')],
    ['DeleteJobTagging of a missing job', aws('DELETE', '/v20180820/jobs/no-such-job/tagging'), 404, ONE('UpdateItemCommand')],
    ['ListJobs of two statuses', aws('GET', '/v20180820/jobs', 'jobStatuses=New&jobStatuses=Active&maxResults=1'), 200, ONE('QueryCommand')],
    ['ListJobs of one status', aws('GET', '/v20180820/jobs', 'jobStatuses=New'), 200, ONE('QueryCommand')],
    ['DescribeJob', aws('GET', `/v20180820/jobs/${jobId}`), 200, ONE('GetItemCommand')],
    ['a refused PutJobTagging (51 tags)', aws('PUT', tagging, '', tagsBody(Array.from({ length: 51 }, (_, i) => `<member><Key>k${i}</Key><Value/></member>`).join(''))), 400, []],
    ['a refused GetJobTagging', aws('GET', '/v20180820/jobs/bad/tagging'), 400, []],
    ['a refused ListJobs', aws('GET', '/v20180820/jobs', 'jobStatuses=Bogus'), 400, []],
  ];
  for (const [name, spec, status, requests] of rows) {
    const { value, requests: sent } = await measure(() => app(httpApiEvent(spec)));
    expect({ name, status: value.statusCode, requests: sent }).toEqual({ name, status, requests });
  }
  expect(await store.getJobTags({ appId: `aws:${account}`, jobId })).toEqual([]);
  expect(await getJob(db.client, db.name, `aws:${account}`, 'no-such-job')).toBeUndefined();
});
