/**
 * Every row of the transition table through the real handler and the real store, against DynamoDB Local.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { createApp } from '../../lib/app';
import { createRequestIdGenerator } from '../../lib/cos/request-id';
import { isFinal } from '../../lib/jobs/job';
import { JOB_STATUSES } from '../../lib/jobs/status';
import { transitionFor } from '../../lib/jobs/transitions';
import { DynamoDbJobStore } from '../../lib/store/dynamodb/dynamodb-job-store';
import { getJob, putJob, scanAll, useTestTable } from '../support/dynamodb';
import { APPID, PAYLOAD_FORMATS, restEvent, updateRequest } from '../support/events';
import { RecordingLogger } from '../support/recording-logger';
import { parseCosXml } from '../support/xml';

const db = useTestTable();
let handle: ReturnType<typeof createApp>;
let logger: RecordingLogger;

beforeAll(async () => {
  logger = new RecordingLogger();
  handle = createApp({
    auth: 'none',
    store: new DynamoDbJobStore(db.client, db.name),
    logger,
    newRequestId: createRequestIdGenerator('it'),
  });
});

/** What the job creator stored besides the status: the service must leave all of it alone. */
const CREATOR_ATTRIBUTES: Record<string, AttributeValue> = {
  Priority: { N: '10' },
  Description: { S: 'copy objects' },
  CreationTime: { S: '2026-11-01T00:00:00Z' },
  ConfirmationRequired: { BOOL: true },
  Manifest: { M: { Location: { S: 'cos://bucket/manifest.csv' } } },
  Version: { N: '4' },
};

let counter = 0;
const rows = JOB_STATUSES.flatMap((status) => (['Ready', 'Cancelled'] as const).map((requested) => [status, requested] as const));

describe.each(PAYLOAD_FORMATS)('every row of the transition table, %s', (_format, toEvent) => {
  it.each(rows)('%s + %s', async (status, requested) => {
    const jobId = `job-${status}-${requested}-${++counter}`;
    await putJob(db.client, db.name, { appId: APPID, jobId, status, extra: CREATOR_ATTRIBUTES });
    const before = await getJob(db.client, db.name, APPID, jobId);
    db.sent.length = 0;

    const result = await handle(toEvent(updateRequest(jobId, requested, { reason: `because ${counter}` })));
    const ops = [...db.sent];
    const writes = ops.length;
    const after = await getJob(db.client, db.name, APPID, jobId);
    const { root, fields } = parseCosXml(result.body);
    const transition = transitionFor(status, requested);

    expect(ops.every((op) => op === 'UpdateItemCommand')).toBe(true);
    if (transition.kind === 'move') {
      expect(result.statusCode).toBe(200);
      expect(root).toBe('UpdateJobStatusResult');
      expect(fields).toEqual({ JobId: jobId, Status: transition.to, StatusUpdateReason: `because ${counter}` });
      expect(writes).toBe(transition.to === 'Cancelling' ? 2 : 1);
      const { Status, StatusJobId, Version, StatusUpdateReason, StatusUpdateTime, PreviousStatus, StatusUpdateRequestId, TerminationDate, ExpiresAt, ...rest } =
        after!;
      expect(Status).toEqual({ S: transition.to });
      expect(StatusJobId).toEqual({ S: `${transition.to}#${jobId}` }); // the status index follows every change
      expect(Version).toEqual({ N: '5' });
      expect(StatusUpdateReason).toEqual({ S: `because ${counter}` });
      expect(PreviousStatus).toEqual({ S: status });
      expect(StatusUpdateRequestId).toEqual({ S: result.headers['x-cos-request-id'] });
      expect(Date.now() - Date.parse(StatusUpdateTime!.S!)).toBeLessThan(60_000);
      expect(StatusUpdateTime!.S).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      if (isFinal(transition.to)) {
        // The end is dated in COS's format, and the item expires JOB_RETENTION_DAYS (90 by default) later.
        expect(TerminationDate).toEqual({ S: `${StatusUpdateTime!.S!.slice(0, 19)}Z` });
        expect(ExpiresAt).toEqual({ N: String(Date.parse(TerminationDate!.S!) / 1000 + 90 * 86_400) });
      } else {
        expect(TerminationDate).toBeUndefined();
        expect(ExpiresAt).toBeUndefined();
      }
      const { Version: _v, ...creatorRest } = CREATOR_ATTRIBUTES;
      expect(rest).toEqual({ AppId: { S: APPID }, JobId: { S: jobId }, ...creatorRest });
    } else {
      expect(result.statusCode).toBe(400);
      expect(fields.Code).toBe('InvalidRequest');
      expect(fields.Message).toBe(
        transition.reason === 'job-already-finished' ? 'The specified job has already been completed' : 'Error with the job status change',
      );
      expect(writes).toBe(1);
      expect(after).toEqual(before);
    }
  });
});

describe('against the real table', () => {
  it('counts Version from 0 when the creator stored none, +1 per change', async () => {
    await putJob(db.client, db.name, { appId: APPID, jobId: 'job-noversion', status: 'Suspended' });
    await handle(restEvent(updateRequest('job-noversion', 'Ready')));
    expect((await getJob(db.client, db.name, APPID, 'job-noversion'))!.Version).toEqual({ N: '1' });
    await handle(restEvent(updateRequest('job-noversion', 'Cancelled')));
    const after = await getJob(db.client, db.name, APPID, 'job-noversion');
    expect(after).toMatchObject({ Version: { N: '2' }, Status: { S: 'Cancelled' }, PreviousStatus: { S: 'Ready' }, StatusUpdateReason: { S: '' } });
  });

  it('keeps tenants apart: another appid’s job is NoSuchJob and stays untouched', async () => {
    await putJob(db.client, db.name, { appId: 'tenant-a', jobId: 'job-shared', status: 'Suspended' });
    await putJob(db.client, db.name, { appId: 'tenant-b', jobId: 'job-shared', status: 'Active' });
    const before = await scanAll(db.client, db.name);
    const result = await handle(restEvent(updateRequest('job-shared', 'Ready', { appId: 'tenant-c' })));
    expect(result.statusCode).toBe(404);
    expect(parseCosXml(result.body).fields.Code).toBe('NoSuchJob');
    expect(await scanAll(db.client, db.name)).toEqual(before);

    const ok = await handle(restEvent(updateRequest('job-shared', 'Cancelled', { appId: 'tenant-b' })));
    expect(parseCosXml(ok.body).fields.Status).toBe('Cancelling');
    expect((await getJob(db.client, db.name, 'tenant-a', 'job-shared'))!.Status).toEqual({ S: 'Suspended' });
  });

  it('writes nothing for a rejected request (the whole table compared) and sends no request for bad input', async () => {
    await putJob(db.client, db.name, { appId: APPID, jobId: 'job-rejects', status: 'Suspended' });
    const before = await scanAll(db.client, db.name);
    db.sent.length = 0;
    const bad = [
      { ...updateRequest('job-rejects', 'Ready'), headers: {} },
      updateRequest('job-rejects', 'ready'),
      updateRequest('job-rejects', 'Ready', { reason: 'x'.repeat(257) }),
      { ...updateRequest('job-rejects', 'Ready'), method: 'DELETE' },
      { path: '/jobs/job-rejects', method: 'POST' },
    ];
    for (const spec of bad) expect((await handle(restEvent(spec))).statusCode).toBeGreaterThanOrEqual(400);
    expect(db.sent).toEqual([]);
    for (const spec of [updateRequest('job-rejects', 'Cancelled', { appId: 'nobody' }), updateRequest('job-missing', 'Ready')]) {
      expect((await handle(restEvent(spec))).statusCode).toBe(404);
    }
    expect(await scanAll(db.client, db.name)).toEqual(before);
  });

  it('answers 500 for an item whose Status is unknown, missing or not a string, or whose Version is not a number, writing nothing and logging the key', async () => {
    await db.client.send(
      new (await import('@aws-sdk/client-dynamodb')).PutItemCommand({
        TableName: db.name,
        Item: { AppId: { S: APPID }, JobId: { S: 'job-nostatus' }, Description: { S: 'no status at all' } },
      }),
    );
    await putJob(db.client, db.name, { appId: APPID, jobId: 'job-weird', status: 'Running' });
    await putJob(db.client, db.name, { appId: APPID, jobId: 'job-badversion', status: 'Suspended', extra: { Version: { S: 'one' } } });
    await db.client.send(
      new (await import('@aws-sdk/client-dynamodb')).PutItemCommand({
        TableName: db.name,
        Item: { AppId: { S: APPID }, JobId: { S: 'job-numstatus' }, Status: { N: '3' } },
      }),
    );
    const before = await scanAll(db.client, db.name);
    for (const [jobId, cause] of [
      ['job-nostatus', /invalid job item: stored Status is missing/],
      ['job-weird', /invalid job item: stored Status is "Running"/],
      ['job-numstatus', /invalid job item: stored Status is missing/],
      ['job-badversion', /ValidationException/],
    ] as const) {
      logger.lines.length = 0;
      const result = await handle(restEvent(updateRequest(jobId, 'Ready')));
      expect(result.statusCode).toBe(500);
      expect(parseCosXml(result.body).fields.Code).toBe('InternalError');
      expect(result.body).not.toMatch(/Running|ValidationException|Status/);
      expect(logger.lines).toEqual([
        expect.objectContaining({ level: 'error', attributes: expect.objectContaining({ appId: APPID, jobId, cause: expect.stringMatching(cause) }) }),
      ]);
    }
    expect(await scanAll(db.client, db.name)).toEqual(before);
  });

  it('round-trips a hostile reason through the table and the XML', async () => {
    const reason = `</x>&]]>"' 你好\r\n\t😀`;
    await putJob(db.client, db.name, { appId: APPID, jobId: 'job-hostile', status: 'Ready' });
    const result = await handle(restEvent(updateRequest('job-hostile', 'Cancelled', { reason })));
    expect(parseCosXml(result.body).fields.StatusUpdateReason).toBe(reason);
    expect((await getJob(db.client, db.name, APPID, 'job-hostile'))!.StatusUpdateReason).toEqual({ S: reason });
  });
});
