/**
 * AWS SigV4 verification (lib/aws/authenticate.ts) against requests signed by the real S3ControlClient, captured by
 * a request handler that never sends them, and by smithy's signer configured as botocore signs. Each request goes
 * through the gateway event it would arrive in (HTTP API 2.0, REST API 1.0) and parseGatewayEvent.
 */
import {
  CreateJobCommand,
  DeleteJobTaggingCommand,
  DescribeJobCommand,
  GetJobTaggingCommand,
  ListJobsCommand,
  PutJobTaggingCommand,
  UpdateJobPriorityCommand,
  UpdateJobStatusCommand,
} from '@aws-sdk/client-s3-control';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { AWS_AUTH_LIMITS, authenticateAws, type AwsAuthResult } from '../../lib/aws/authenticate';
import { Sha256 } from '../../lib/aws/sigv4';
import { parseGatewayEvent, type HttpRequest } from '../../lib/http/event';
import type { Credential, CredentialStore } from '../../lib/store/credential-store';
import { StoreError } from '../../lib/store/job-store';
import { capture, type Wire } from '../support/aws-wire';
import { httpApiEvent, restEvent } from '../support/events';

// AWS's documented example key pair (https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html).
const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ACCOUNT = '123456789012';
const KEYS: Record<string, Credential> = {
  [ACCESS_KEY_ID]: { secretKey: SECRET, appId: `aws:${ACCOUNT}`, status: 'Active' },
  AKIAOTHERACCOUNT0001: { secretKey: 'other-account-secret', appId: 'aws:210987654321', status: 'Active' },
  AKIDCOSKEY0000000001: { secretKey: 'cos-key-secret', appId: '1250000000', status: 'Active' },
  AKIADISABLED00000001: { secretKey: 'disabled-secret', appId: `aws:${ACCOUNT}`, status: 'Disabled' },
};
const keys: CredentialStore = { find: async (id) => KEYS[id] };

/** The request as an HTTP API 2.0 event hands it over; a named stage is in rawPath (the client signed it). */
function viaHttpApi(wire: Wire, options: { stage?: string; base64?: boolean; rawPath?: string } = {}): HttpRequest {
  const event: any = httpApiEvent({
    method: wire.method,
    path: wire.path,
    rawQuery: wire.rawQuery,
    headers: wire.headers,
    body: wire.body === undefined ? undefined : options.base64 ? Buffer.from(wire.body, 'utf8').toString('base64') : wire.body,
    base64: options.base64 ?? false,
  });
  if (options.stage) event.requestContext.stage = options.stage;
  if (options.rawPath !== undefined) event.rawPath = options.rawPath;
  return parseGatewayEvent(event);
}

/** The request as a REST API 1.0 event of stage `dev` hands it over: decoded query, the stage only in requestContext.path. */
function viaRestApi(wire: Wire): HttpRequest {
  expect(wire.path.startsWith('/dev/')).toBe(true);
  return parseGatewayEvent(
    restEvent({ method: wire.method, path: wire.path.slice('/dev'.length), rawQuery: wire.rawQuery, headers: wire.headers, body: wire.body }),
  );
}

const signedAt = (wire: Wire) => {
  const d = wire.headers['x-amz-date']!;
  return new Date(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15)));
};
const later = (wire: Wire, ms: number) => new Date(signedAt(wire).getTime() + ms);
const verify = (request: HttpRequest, wire: Wire, now = signedAt(wire)) => authenticateAws(request, keys, now);
const OK = { ok: true, accessKeyId: ACCESS_KEY_ID };

async function refused(result: Promise<AwsAuthResult>, code: string, reason: string, message?: string | RegExp) {
  const r = await result;
  if (r.ok) throw new Error(`accepted; expected ${code}`);
  expect([r.error.code, r.reason]).toEqual([code, reason]);
  expect(r.error.status).toBe(code === 'AuthorizationHeaderMalformed' || code === 'XAmzContentSHA256Mismatch' ? 400 : 403);
  if (message !== undefined) expect(r.error.message).toMatch(message);
  expect(JSON.stringify({ ...r, message: r.error.message, details: r.error.details })).not.toContain(SECRET);
  return r;
}

const JOB = 'job-12345';
const CREATE_JOB = {
  AccountId: ACCOUNT,
  Operation: { S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }] } },
  Report: { Enabled: true, Bucket: 'arn:aws:s3:::report-bucket', Format: 'Report_CSV_20180820', Prefix: 'reports', ReportScope: 'AllTasks' },
  Priority: 10,
  RoleArn: `arn:aws:iam::${ACCOUNT}:role/batch`,
  ConfirmationRequired: true,
  ClientRequestToken: 'tok-1',
  Manifest: {
    Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
    Location: { ObjectArn: 'arn:aws:s3:::manifest-bucket/manifest.csv', ETag: '60e460c9d1046e73f7dde5043ac3ae85' },
  },
  Description: 'Étiquettes <all> & more: 日本語 ✓ 🙂',
  Tags: [{ Key: 'team', Value: 'données' }],
} as const;

/** The eight job commands, as the SDK sends them. */
const COMMANDS = [
  ['CreateJob', () => new CreateJobCommand(CREATE_JOB as never)],
  ['DescribeJob', () => new DescribeJobCommand({ AccountId: ACCOUNT, JobId: JOB })],
  ['ListJobs', () => new ListJobsCommand({ AccountId: ACCOUNT, JobStatuses: ['Active', 'Complete'], MaxResults: 2, NextToken: 'x+y/z==' })],
  ['UpdateJobPriority', () => new UpdateJobPriorityCommand({ AccountId: ACCOUNT, JobId: JOB, Priority: 42 })],
  [
    'UpdateJobStatus',
    () => new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: JOB, RequestedJobStatus: 'Cancelled', StatusUpdateReason: 'a b&c=d+e/f~' }),
  ],
  ['GetJobTagging', () => new GetJobTaggingCommand({ AccountId: ACCOUNT, JobId: JOB })],
  ['PutJobTagging', () => new PutJobTaggingCommand({ AccountId: ACCOUNT, JobId: JOB, Tags: [{ Key: 'k1', Value: 'é ✓' }, { Key: 'k2', Value: '' }] })],
  ['DeleteJobTagging', () => new DeleteJobTaggingCommand({ AccountId: ACCOUNT, JobId: JOB })],
] as const;

describe('requests signed by the real S3ControlClient', () => {
  it.each(COMMANDS)('%s is accepted through an HTTP API 2.0 event', async (_name, command) => {
    const wire = await capture(command());
    expect(wire.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request, /);
    expect(await verify(viaHttpApi(wire), wire)).toEqual(OK);
  });

  it.each(COMMANDS)('%s is accepted through a REST API 1.0 event (stage /dev, decoded query)', async (_name, command) => {
    const wire = await capture(command(), { endpoint: 'http://127.0.0.1:8080/dev' });
    const request = viaRestApi(wire);
    expect(request.rawQuery).toBeUndefined();
    expect(await verify(request, wire)).toEqual(OK);
  });

  it('sends what the reference says: repeated statuses, NextToken and the reason percent-encoded, "+" as %2B', async () => {
    const list = await capture(COMMANDS[2][1]());
    expect(list.rawQuery).toBe('jobStatuses=Active&jobStatuses=Complete&maxResults=2&nextToken=x%2By%2Fz%3D%3D');
    const status = await capture(COMMANDS[4][1]());
    expect(status.rawQuery).toBe('requestedJobStatus=Cancelled&statusUpdateReason=a%20b%26c%3Dd%2Be%2Ff~');
    expect([...viaHttpApi(status).query.get('statusUpdateReason')!]).toEqual(['a b&c=d+e/f~']);
  });

  it('CreateJob: a non-ASCII body is hashed as UTF-8, as text and as a base64 body', async () => {
    const wire = await capture(COMMANDS[0][1]());
    expect(wire.body).toContain('日本語 ✓ 🙂');
    expect(wire.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(wire.body!, 'utf8').digest('hex'));
    expect(await verify(viaHttpApi(wire), wire)).toEqual(OK);
    expect(await verify(viaHttpApi(wire, { base64: true }), wire)).toEqual(OK);
  });

  it('a base path or named stage: the path is verified as the client sent it, with the prefix', async () => {
    const wire = await capture(COMMANDS[4][1](), { endpoint: 'http://127.0.0.1:8080/prod' });
    expect(wire.path).toBe(`/prod/v20180820/jobs/${JOB}/status`);
    const request = viaHttpApi(wire, { stage: 'prod' });
    expect([request.path, request.rawPath]).toEqual([`/v20180820/jobs/${JOB}/status`, wire.path]);
    expect(await verify(request, wire)).toEqual(OK);
    // Without the prefix it is another path than the one signed.
    await refused(verify(viaHttpApi(wire, { rawPath: request.path }), wire), 'SignatureDoesNotMatch', 'signature');
  });

  it('a JobId the SDK percent-encodes verifies whether the gateway keeps the encoding or decodes the path', async () => {
    const wire = await capture(new DescribeJobCommand({ AccountId: ACCOUNT, JobId: "job 1:2+(ü)'*" }));
    expect(wire.path).toBe('/v20180820/jobs/job%201%3A2%2B%28%C3%BC%29%27%2A');
    expect(await verify(viaHttpApi(wire), wire)).toEqual(OK);
    expect(await verify(viaHttpApi(wire, { rawPath: decodeURIComponent(wire.path) }), wire)).toEqual(OK);
  });

  it('accepts a retry re-signed by the SDK with a corrected clock (within 15 minutes)', async () => {
    const wire = await capture(COMMANDS[1][1](), { clockOffset: 10 * 60_000 });
    expect(await authenticateAws(viaHttpApi(wire), keys, later(wire, -10 * 60_000))).toEqual(OK);
  });
});

describe('a botocore-style signature', () => {
  // botocore signs exactly these four, sends no content-type and no XML declaration (reference §8).
  const body =
    '<PutJobTaggingRequest xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><Tags><member><Key>k1</Key><Value>v1</Value></member><member><Key>k2</Key><Value /></member></Tags></PutJobTaggingRequest>';

  async function botocore(method: string, path: string, rawQuery: string, payload: string | undefined, at: Date): Promise<Wire> {
    const signer = new SignatureV4({
      service: 's3',
      region: 'eu-west-3',
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
      sha256: Sha256,
      uriEscapePath: false,
    });
    const query: Record<string, string | string[]> = {};
    for (const pair of rawQuery ? rawQuery.split('&') : []) {
      const [k, v = ''] = pair.split('=').map(decodeURIComponent) as [string, string?];
      query[k] = query[k] === undefined ? v : ([] as string[]).concat(query[k]!, v);
    }
    const headers = {
      host: '123456789012.s3-control.eu-west-3.amazonaws.com',
      'x-amz-account-id': ACCOUNT,
      'x-amz-content-sha256': createHash('sha256').update(payload ?? '').digest('hex'),
    };
    const signed = await signer.sign(
      { method, protocol: 'https:', hostname: headers.host, path, query, headers, body: payload },
      { signingDate: at, signableHeaders: new Set(['host', 'x-amz-account-id', 'x-amz-content-sha256', 'x-amz-date']) },
    );
    return {
      method,
      path,
      rawQuery,
      // Sent but not signed, as botocore sends them.
      headers: {
        ...signed.headers,
        'content-length': String(Buffer.byteLength(payload ?? '')),
        'amz-sdk-invocation-id': '0f7f1c39-9a3c-4a4a-9f4b-2d3d0bc7c001',
        'amz-sdk-request': 'attempt=1',
        'user-agent': 'aws-cli/1.45.11 md/Botocore#1.43.11',
      },
      body: payload,
    };
  }

  it('signs exactly host;x-amz-account-id;x-amz-content-sha256;x-amz-date and verifies (PutJobTagging, ListJobs)', async () => {
    const at = new Date('2026-11-28T12:00:00Z');
    const put = await botocore('PUT', `/v20180820/jobs/${JOB}/tagging`, '', body, at);
    expect(put.headers.authorization).toContain('SignedHeaders=host;x-amz-account-id;x-amz-content-sha256;x-amz-date, ');
    expect(put.headers['content-type']).toBeUndefined();
    expect(await authenticateAws(viaHttpApi(put), keys, at)).toEqual(OK);
    const list = await botocore('GET', '/v20180820/jobs', 'jobStatuses=Active&jobStatuses=Complete&maxResults=5', undefined, at);
    expect(await authenticateAws(viaHttpApi(list), keys, at)).toEqual(OK);
  });
});

describe('refusals, in order', () => {
  let wire: Wire;
  beforeAll(async () => {
    wire = await capture(COMMANDS[4][1]());
  });
  const withHeaders = (headers: Record<string, string | undefined>, base = wire): Wire => {
    const merged: Record<string, string> = { ...base.headers };
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) delete merged[name];
      else merged[name] = value;
    }
    return { ...base, headers: merged };
  };
  const authWith = (edit: (auth: string) => string) => withHeaders({ authorization: edit(wire.headers.authorization!) });
  const check = (w: Wire, now = signedAt(wire)) => authenticateAws(viaHttpApi(w), keys, now);

  it('the untouched request is accepted (the baseline)', async () => {
    expect(await check(wire)).toEqual(OK);
  });

  it('no Authorization header: AccessDenied', async () => {
    await refused(check(withHeaders({ authorization: undefined })), 'AccessDenied', 'unsigned', /Signature Version 4/);
  });

  it('a presigned URL (X-Amz-Signature in the query): AccessDenied, not supported', async () => {
    const presigned = { ...withHeaders({ authorization: undefined }), rawQuery: `${wire.rawQuery}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${'0'.repeat(64)}` };
    await refused(check(presigned), 'AccessDenied', 'presigned', /presigned URLs\) is not supported/);
    await refused(check({ ...presigned, headers: wire.headers }), 'AccessDenied', 'two signatures');
  });

  it('another scheme (a COS signature, SigV2, SigV4a): AccessDenied', async () => {
    for (const authorization of ['q-sign-algorithm=sha1&q-ak=AKID&q-signature=abc', `AWS ${ACCESS_KEY_ID}:c2lnbmF0dXJl`, 'AWS4-ECDSA-P256-SHA256 Credential=x']) {
      await refused(check(withHeaders({ authorization })), 'AccessDenied', 'not SigV4', /Only AWS Signature Version 4/);
    }
  });

  it('a malformed header (duplicated, separators, signature length or case, extra field): AuthorizationHeaderMalformed', async () => {
    const auth = wire.headers.authorization!;
    const variants = [
      `${auth}, ${auth}`, // sent twice, joined by the gateway
      auth.replace(', SignedHeaders', ' SignedHeaders'),
      auth.replace(', Signature', ',  Signature'),
      auth.replace('AWS4-HMAC-SHA256 ', 'AWS4-HMAC-SHA256  '),
      auth.slice(0, -1),
      `${auth}0`,
      auth.replace(/Signature=([0-9a-f]+)/, (_m, s: string) => `Signature=${s.toUpperCase()}`),
      `${auth}, Extra=1`,
      auth.replace(/, Signature=.*$/, ''),
    ];
    for (const authorization of variants) {
      await refused(check(withHeaders({ authorization })), 'AuthorizationHeaderMalformed', 'malformed Authorization header', /malformed/);
    }
    // S3 also accepts the separators without the space.
    expect(await check(authWith((a) => a.replace(/, /g, ',')))).toEqual(OK);
  });

  it('a credential scope of the wrong form, service or terminator: AuthorizationHeaderMalformed', async () => {
    const scope = (edit: (s: string) => string) => authWith((a) => a.replace(/Credential=([^,]+)/, (_m, s: string) => `Credential=${edit(s)}`));
    await refused(check(scope((s) => s.replace('/aws4_request', ''))), 'AuthorizationHeaderMalformed', 'malformed credential scope', /Credential is mal-formed/);
    await refused(check(scope((s) => `${s}/x`)), 'AuthorizationHeaderMalformed', 'malformed credential scope');
    await refused(check(scope((s) => s.replace(/\/\d{8}\//, '/2026-11-28/'))), 'AuthorizationHeaderMalformed', 'malformed credential scope');
    await refused(check(scope((s) => s.replace('/s3/', '/s3-control/'))), 'AuthorizationHeaderMalformed', 'wrong service', /"s3"/);
    await refused(check(scope((s) => s.replace('/s3/', '/execute-api/'))), 'AuthorizationHeaderMalformed', 'wrong service');
    await refused(check(scope((s) => s.replace('aws4_request', 'aws4_reqest'))), 'AuthorizationHeaderMalformed', 'wrong terminator');
    const r = await refused(check(scope((s) => s.replace('/s3/', '/sts/'))), 'AuthorizationHeaderMalformed', 'wrong service');
    expect(r.accessKeyId).toBe(ACCESS_KEY_ID);
  });

  it('SignedHeaders not sorted, not lower case or repeated: AuthorizationHeaderMalformed', async () => {
    const list = (edit: (l: string) => string) => authWith((a) => a.replace(/SignedHeaders=([^,]+)/, (_m, l: string) => `SignedHeaders=${edit(l)}`));
    for (const edit of [(l: string) => l.split(';').reverse().join(';'), (l: string) => l.replace('host', 'Host'), (l: string) => l.replace('host', 'host;host'), (l: string) => `${l};`]) {
      await refused(check(list(edit)), 'AuthorizationHeaderMalformed', 'malformed SignedHeaders');
    }
  });

  it.each(['host', 'x-amz-account-id', 'x-amz-content-sha256', 'x-amz-date'])('%s not signed: AccessDenied naming what must be signed', async (name) => {
    const w = authWith((a) => a.replace(new RegExp(`(?<=[=;])${name};|;${name}(?=,)`), ''));
    expect(w.headers.authorization).not.toMatch(new RegExp(`[=;]${name}[;,]`));
    await refused(check(w), 'AccessDenied', 'required header unsigned', /host, x-amz-account-id, x-amz-content-sha256, x-amz-date/);
  });

  it('authorization or date named in SignedHeaders: AccessDenied (the signer cannot reproduce them)', async () => {
    const w = authWith((a) => a.replace('host;', 'date;host;'));
    await refused(check(w), 'AccessDenied', 'unverifiable header signed');
  });

  it('session credentials (x-amz-security-token): AccessDenied', async () => {
    const session = await capture(COMMANDS[1][1](), { sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' });
    expect(session.headers.authorization).toContain('x-amz-security-token');
    await refused(verify(viaHttpApi(session), session), 'AccessDenied', 'session token', /x-amz-security-token/);
    await refused(check(withHeaders({ 'x-amz-security-token': 'unsigned-token' })), 'AccessDenied', 'session token');
  });

  it('x-amz-date missing, unparseable or impossible: AccessDenied as S3 answers', async () => {
    for (const date of [undefined, '', 'Sat, 28 Nov 2026 12:00:00 GMT', '2026-11-28T12:00:00Z', '20261128T120000', '20260231T120000Z', '20261128T246000Z', `${wire.headers['x-amz-date']}, ${wire.headers['x-amz-date']}`]) {
      await refused(check(withHeaders({ 'x-amz-date': date })), 'AccessDenied', 'x-amz-date', 'AWS authentication requires a valid Date or x-amz-date header');
    }
  });

  it('clock skew both ways: exactly 15 minutes is accepted, a millisecond more is RequestTimeTooSkewed', async () => {
    const edge = AWS_AUTH_LIMITS.maxSkewMs;
    expect(edge).toBe(15 * 60_000);
    expect(await check(wire, later(wire, edge))).toEqual(OK);
    expect(await check(wire, later(wire, -edge))).toEqual(OK);
    for (const offset of [edge + 1, -edge - 1, 60 * 60_000, -24 * 60 * 60_000]) {
      const r = await refused(check(wire, later(wire, offset)), 'RequestTimeTooSkewed', 'date skew');
      expect(r.error.details).toMatchObject({ RequestTime: wire.headers['x-amz-date'], MaxAllowedSkewMilliseconds: '900000' });
    }
  });

  it('the real SDK with a clock 20 minutes off, either way: RequestTimeTooSkewed', async () => {
    for (const offset of [20 * 60_000, -20 * 60_000]) {
      const skewed = await capture(COMMANDS[1][1](), { clockOffset: offset });
      await refused(verify(viaHttpApi(skewed), skewed, later(skewed, -offset)), 'RequestTimeTooSkewed', 'date skew');
    }
  });

  it('a scope date that is not the day of x-amz-date: RequestTimeTooSkewed', async () => {
    const w = authWith((a) => a.replace(/\/(\d{8})\//, '/20000101/'));
    await refused(check(w), 'RequestTimeTooSkewed', 'scope date', /credential scope/);
  });

  it('unsigned or streaming payloads, or no x-amz-content-sha256: AccessDenied', async () => {
    for (const value of ['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', undefined]) {
      await refused(check(withHeaders({ 'x-amz-content-sha256': value })), 'AccessDenied', 'payload not signed', /unsigned and streaming payloads are not supported/);
    }
  });

  it('a body that does not match x-amz-content-sha256: XAmzContentSHA256Mismatch, with both hashes', async () => {
    const create = await capture(COMMANDS[0][1]());
    const tampered = { ...create, body: create.body!.replace('Étiquettes', 'Etiquettes') };
    const r = await refused(verify(viaHttpApi(tampered), create), 'XAmzContentSHA256Mismatch', 'payload hash');
    expect(r.error.details).toEqual({
      ClientComputedContentSHA256: create.headers['x-amz-content-sha256'],
      S3ComputedContentSHA256: createHash('sha256').update(tampered.body, 'utf8').digest('hex'),
    });
    await refused(check(withHeaders({ 'x-amz-content-sha256': 'not-a-hash' })), 'XAmzContentSHA256Mismatch', 'payload hash');
    // The same change with a recomputed hash passes this check and fails the signature.
    const rehashed = withHeaders({ 'x-amz-content-sha256': createHash('sha256').update(tampered.body, 'utf8').digest('hex') }, tampered);
    await refused(verify(viaHttpApi(rehashed), create), 'SignatureDoesNotMatch', 'signature');
  });

  it('an unknown or disabled key: InvalidAccessKeyId', async () => {
    const unknown = await capture(COMMANDS[1][1](), { accessKeyId: 'AKIANOSUCHKEY0000001' });
    const r = await refused(verify(viaHttpApi(unknown), unknown), 'InvalidAccessKeyId', 'unknown key');
    expect(r.accessKeyId).toBe('AKIANOSUCHKEY0000001');
    const disabled = await capture(COMMANDS[1][1](), { accessKeyId: 'AKIADISABLED00000001', secretAccessKey: 'disabled-secret' });
    await refused(verify(viaHttpApi(disabled), disabled), 'InvalidAccessKeyId', 'key Disabled');
  });

  it('a wrong secret: SignatureDoesNotMatch with the StringToSign and CanonicalRequest, never the key', async () => {
    const wrong = await capture(COMMANDS[4][1](), { secretAccessKey: 'not-the-secret' });
    const r = await refused(verify(viaHttpApi(wrong), wrong), 'SignatureDoesNotMatch', 'signature');
    const signed = wrong.headers.authorization!.match(/SignedHeaders=([^,]+)/)![1]!;
    expect(r.error.details.CanonicalRequest).toBe(
      [
        'POST',
        `/v20180820/jobs/${JOB}/status`,
        wrong.rawQuery,
        ...signed.split(';').map((h) => `${h}:${wrong.headers[h]}`),
        '',
        signed,
        wrong.headers['x-amz-content-sha256'],
      ].join('\n'),
    );
    const hashed = createHash('sha256').update(r.error.details.CanonicalRequest!).digest('hex');
    expect(r.error.details.StringToSign).toBe(
      `AWS4-HMAC-SHA256\n${wrong.headers['x-amz-date']}\n${wrong.headers['x-amz-date']!.slice(0, 8)}/us-east-1/s3/aws4_request\n${hashed}`,
    );
    expect(r.error.details.SignatureProvided).toBe(wrong.headers.authorization!.slice(-64));
  });

  it('anything changed after signing: SignatureDoesNotMatch', async () => {
    const tampered: Wire[] = [
      { ...wire, rawQuery: `${wire.rawQuery}&priority=1` },
      { ...wire, rawQuery: wire.rawQuery.replace('Cancelled', 'Cancellee') },
      { ...wire, rawQuery: wire.rawQuery.replace('a%20b', 'a+b') }, // "+" is a plus, not the space that was signed
      { ...wire, method: 'PUT' },
      { ...wire, path: wire.path.replace('12345', '12346') },
      withHeaders({ 'x-amz-account-id': '123456789013' }),
      withHeaders({ host: '127.0.0.1:8081' }),
      withHeaders({ 'amz-sdk-request': 'attempt=2; max=3' }),
    ];
    for (const w of tampered) await refused(check(w), 'SignatureDoesNotMatch', 'signature');
  });

  it('a signed header missing from the request: SignatureDoesNotMatch', async () => {
    await refused(check(withHeaders({ 'amz-sdk-invocation-id': undefined })), 'SignatureDoesNotMatch', 'signed header missing');
  });

  it('a query that cannot have been signed (broken %-encoding, too many names): SignatureDoesNotMatch', async () => {
    await refused(check({ ...wire, rawQuery: `${wire.rawQuery}&x=%zz` }), 'SignatureDoesNotMatch', 'path or query not signable');
    const many = Array.from({ length: AWS_AUTH_LIMITS.maxQueryNames + 1 }, (_, i) => `p${i}=1`).join('&');
    await refused(check({ ...wire, rawQuery: many }), 'SignatureDoesNotMatch', 'path or query not signable');
  });

  it('a key of another account, or a COS key, signing correctly: AccessDenied, checked after the signature', async () => {
    const other = await capture(COMMANDS[1][1](), { accessKeyId: 'AKIAOTHERACCOUNT0001', secretAccessKey: 'other-account-secret' });
    const r = await refused(verify(viaHttpApi(other), other), 'AccessDenied', 'key acts for another account', /^Access Denied$/);
    expect(r.accessKeyId).toBe('AKIAOTHERACCOUNT0001');
    const cos = await capture(COMMANDS[1][1](), { accessKeyId: 'AKIDCOSKEY0000000001', secretAccessKey: 'cos-key-secret' });
    await refused(verify(viaHttpApi(cos), cos), 'AccessDenied', 'key acts for another account');
    // Without the secret, the same request says nothing about the key's account.
    const guessed = await capture(COMMANDS[1][1](), { accessKeyId: 'AKIAOTHERACCOUNT0001', secretAccessKey: 'a guess' });
    await refused(verify(viaHttpApi(guessed), guessed), 'SignatureDoesNotMatch', 'signature');
  });

  it('a rotated secret: the new one verifies, the old one no longer does', async () => {
    const rotating: Record<string, Credential> = { [ACCESS_KEY_ID]: { ...KEYS[ACCESS_KEY_ID]!, secretKey: 'rotated-secret' } };
    const store: CredentialStore = { find: async (id) => rotating[id] };
    expect(await authenticateAws(viaHttpApi(wire), keys, signedAt(wire))).toEqual(OK); // the signer of the old secret is cached
    await refused(authenticateAws(viaHttpApi(wire), store, signedAt(wire)), 'SignatureDoesNotMatch', 'signature');
    const fresh = await capture(COMMANDS[4][1](), { secretAccessKey: 'rotated-secret' });
    expect(await authenticateAws(viaHttpApi(fresh), store, signedAt(fresh))).toEqual(OK);
  });

  it('a failing key store: its StoreError propagates (the app answers 503), after the checks that need no key', async () => {
    const failing: CredentialStore = {
      find: async () => {
        throw new StoreError('unavailable', 'ResourceNotFoundException');
      },
    };
    await expect(authenticateAws(viaHttpApi(wire), failing, signedAt(wire))).rejects.toBeInstanceOf(StoreError);
    await refused(authenticateAws(viaHttpApi(withHeaders({ authorization: undefined })), failing, signedAt(wire)), 'AccessDenied', 'unsigned');
  });
});
