/**
 * `serverless package` runs offline without AWS credentials; the CloudFormation template it writes is what a deploy
 * would create. Checked here: runtime, routes, table, least-privilege IAM, and the bundled artifact.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_JOBS } from '../../scripts/demo-jobs';
import { zipEntries } from '../../scripts/zip-entries';
import { STATUS_INDEX } from '../../lib/store/dynamodb/job-item';
import { LISTED_ATTRIBUTES } from '../../lib/store/dynamodb/list-jobs-input';
import { countingClient, createTestTable, getJob, putJob, testEndpoint } from '../support/dynamodb';
import { parseCosXml } from '../support/xml';

const ROOT = path.resolve(__dirname, '..', '..');
let work: string;
let out: string;
let resources: Record<string, { Type: string; Properties: Record<string, any> }>;

beforeAll(() => {
  // Package a copy: serverless-esbuild cleans its work folder, which the e2e project's serverless-offline is using.
  work = mkdtempSync(path.join(tmpdir(), 'sls-package-'));
  for (const entry of ['serverless.yml', 'package.json', 'tsconfig.json', 'handlers', 'lib']) {
    cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  out = path.join(work, 'artifact');
  const env: NodeJS.ProcessEnv = { ...process.env, SLS_TELEMETRY_DISABLED: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[key];
  execFileSync(process.execPath, [require.resolve('serverless/bin/serverless.js'), 'package', '--stage', 'ci', '--package', out], {
    cwd: work,
    env,
    stdio: 'pipe',
  });
  resources = JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8')).Resources;
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

const fnOf = (handler: string) => ofType('AWS::Lambda::Function').find((f) => f.Properties.Handler === handler)!.Properties;

it('deploys the API and the runner\'s two functions on nodejs22.x, arm64', () => {
  const functions = ofType('AWS::Lambda::Function').map((f) => f.Properties);
  expect(functions.map((f) => f.Handler).sort()).toEqual(['handlers/http.handler', 'handlers/runner.onJobChangeEvent', 'handlers/runner.onQueueEvent']);
  for (const f of functions) {
    expect(f.Runtime).toBe('nodejs22.x');
    expect(f.Architectures).toEqual(['arm64']);
  }
});

it('wires the API function to its tables, with JOBS_TABLE from the table resource', () => {
  const fn = fnOf('handlers/http.handler');
  expect(fn.Runtime).toBe('nodejs22.x');
  expect(fn.Architectures).toEqual(['arm64']);
  expect(fn.Handler).toBe('handlers/http.handler');
  expect(fn.Environment.Variables.JOBS_TABLE).toEqual({ Ref: 'JobsTable' });
  expect(fn.Environment.Variables.DYNAMODB_ENDPOINT).toBe('');
  expect(fn.Environment.Variables.CREDENTIALS_TABLE).toEqual({ Ref: 'CredentialsTable' });
  expect(fn.Environment.Variables.AUTH_MODE).toBe('cos');
  expect(fn.Timeout).toBe(10);
});

it('routes every method and path to the one handler, whose route table answers them', () => {
  const paths = new Map<string, string>();
  for (const [id, r] of Object.entries(resources)) if (r.Type === 'AWS::ApiGateway::Resource') paths.set(id, r.Properties.PathPart);
  const pathOf = (ref: any): string => {
    if (ref?.['Fn::GetAtt']?.[0] === 'ApiGatewayRestApi') return '';
    const id = ref?.Ref as string;
    const parent = resources[id]!.Properties.ParentId;
    return `${pathOf(parent)}/${paths.get(id)}`;
  };
  const routes = ofType('AWS::ApiGateway::Method')
    .map((m) => `${m.Properties.HttpMethod} ${pathOf(m.Properties.ResourceId) || '/'}`)
    .sort();
  // Every path and method reaches the handler, whose own route table answers it (404 and 405 included) in COS XML.
  expect(routes).toEqual(['ANY /', 'ANY /{proxy+}']);
  for (const m of ofType('AWS::ApiGateway::Method')) expect(m.Properties.Integration.Type).toBe('AWS_PROXY');
});

it('answers the gateway’s own errors in COS XML', () => {
  const responses = ofType('AWS::ApiGateway::GatewayResponse').map((r) => r.Properties);
  expect(responses.map((r) => r.ResponseType).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX', 'THROTTLED']);
  for (const r of responses) {
    expect(r.ResponseParameters['gatewayresponse.header.Content-Type']).toBe("'application/xml'");
    // As COS writes its errors: its declaration, then a TAB per level.
    expect(r.ResponseTemplates['application/json']).toMatch(/^<\?xml version='1.0' encoding='utf-8' \?>\n<Error>\n\t<Code>\w+<\/Code>\n\t<Message>/);
  }
});

it('creates the table keyed AppId/JobId with the status index, TTL, on demand, with point-in-time recovery', () => {
  const table = resources.JobsTable!.Properties;
  expect(table.KeySchema).toEqual([
    { AttributeName: 'AppId', KeyType: 'HASH' },
    { AttributeName: 'JobId', KeyType: 'RANGE' },
  ]);
  expect(table.AttributeDefinitions).toEqual([
    { AttributeName: 'AppId', AttributeType: 'S' },
    { AttributeName: 'JobId', AttributeType: 'S' },
    { AttributeName: 'StatusJobId', AttributeType: 'S' },
  ]);
  // The index the store queries (lib/store/dynamodb/list-jobs-input.ts), projecting what a ListJobs member shows.
  expect(table.LocalSecondaryIndexes).toEqual([
    {
      IndexName: STATUS_INDEX,
      KeySchema: [
        { AttributeName: 'AppId', KeyType: 'HASH' },
        { AttributeName: 'StatusJobId', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: LISTED_ATTRIBUTES.filter((a) => a !== 'JobId') },
    },
  ]);
  expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'ExpiresAt', Enabled: true });
  expect(table.BillingMode).toBe('PAY_PER_REQUEST');
  expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
});

it('creates the credentials table keyed SecretId, encrypted with KMS', () => {
  const table = resources.CredentialsTable!.Properties;
  expect(table.KeySchema).toEqual([{ AttributeName: 'SecretId', KeyType: 'HASH' }]);
  expect(table.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
  expect(table.BillingMode).toBe('PAY_PER_REQUEST');
});

it('grants the API exactly the database actions it sends, on the table and index it sends them to', () => {
  expect(fnOf('handlers/http.handler').Role).toEqual({ 'Fn::GetAtt': ['ApiRole', 'Arn'] });
  // No role is shared: serverless's provider-wide role (which would also get the runner's stream and queue rights) is not made.
  expect(resources.IamRoleLambdaExecution).toBeUndefined();
  const statements = resources.ApiRole!.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
  const dynamo = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
  const jobsTable = { 'Fn::GetAtt': ['JobsTable', 'Arn'] };
  expect(dynamo).toEqual([
    // GetItem: DescribeJob; PutItem and DeleteItem: inside CreateJob's and DeleteJob's TransactWriteItems (which IAM
    // authorises per contained action); UpdateItem: status and priority; Query: ListJobs without a status.
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
      Resource: [jobsTable],
    },
    // ListJobs with jobStatuses.
    { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [{ 'Fn::Join': ['/', [jobsTable, 'index', STATUS_INDEX]] }] },
    { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [{ 'Fn::GetAtt': ['CredentialsTable', 'Arn'] }] },
  ]);
  const others = statements.flatMap((s: any) => [s.Action].flat()).filter((a: string) => !a.startsWith('dynamodb:'));
  expect(others.every((a: string) => a.startsWith('logs:'))).toBe(true);
});

it('bundles the API handler (AWS SDK included) into one minified ESM file of at most 340 KB (300 KB before the SigV4 verifier), without the runner', () => {
  const zip = path.join(out, 'api.zip');
  const entries = zipEntries(readFileSync(zip));
  expect(entries.map((e) => e.name)).toEqual(['handlers/http.mjs']);
  expect(entries[0]!.content.toString('utf8')).not.toMatch(/RUNNER_QUEUE_URL|GetObjectTagging|RUNNER_CHUNK_SIZE/);
  expect(statSync(zip).size).toBeGreaterThan(10_000);
  expect(entries[0]!.content.length).toBeLessThanOrEqual(340 * 1024);
});

it('ships an artifact that loads as ESM on its own (no node_modules) and answers a sample event', async () => {
  const endpoint = testEndpoint();
  const { client } = countingClient(endpoint);
  const table = await createTestTable(client);
  try {
    for (const job of DEMO_JOBS) await putJob(client, table.name, job);
    const entry = zipEntries(readFileSync(path.join(out, 'api.zip')))[0]!;
    const dir = mkdtempSync(path.join(tmpdir(), 'artifact-'));
    writeFileSync(path.join(dir, 'http.mjs'), entry.content);
    // The sample events: UpdateJobStatus, and a CreateJob whose XML body goes through the bundled parser.
    const run = (fixture: string) => {
      const event = path.join(ROOT, 'test', 'fixtures', 'events', fixture);
      const script = `const { handler } = await import(${JSON.stringify(path.join(dir, 'http.mjs'))});
        const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(event)}, 'utf8'));
        process.stdout.write(JSON.stringify(await handler(event, { awsRequestId: 'artifact-test' })));`;
      const output = execFileSync(process.execPath, ['--input-type=commonjs', '-e', `(async () => { ${script} })()`], {
        cwd: dir,
        env: { PATH: process.env.PATH, JOBS_TABLE: table.name, AUTH_MODE: 'none', DYNAMODB_ENDPOINT: endpoint, POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        encoding: 'utf8',
      });
      return JSON.parse(output) as { statusCode: number; body: string };
    };
    const confirmed = run('rest-v1-confirm.json');
    expect(confirmed.statusCode).toBe(200);
    expect(parseCosXml(confirmed.body).fields).toMatchObject({ JobId: 'demo-suspended-0001', Status: 'Ready' });
    const created = run('rest-v1-create.json');
    expect(created.statusCode).toBe(200);
    const { root, fields } = parseCosXml(created.body);
    expect(root).toBe('CreateJobResult');
    expect(fields.JobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await getJob(client, table.name, '1250000000', fields.JobId!))?.Status).toEqual({ S: 'New' });
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await table.drop();
    client.destroy();
  }
});

describe('the runner', () => {
  const jobsTable = { 'Fn::GetAtt': ['JobsTable', 'Arn'] };
  const runnerStatements = () => resources.RunnerRole!.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
  const bucketObjects = (param: string) => ({
    'Fn::Split': [',', { 'Fn::Sub': ['arn:aws:s3:::${Buckets}/*', { Buckets: { 'Fn::Join': ['/*,arn:aws:s3:::', { 'Fn::Split': [',', param] }] } }] }],
  });
  const stackBuckets = 'cos-batch-job-control-ci-*';

  it('streams every change of the job table, new and old images, to runnerStream, in order, retried from a failed record', () => {
    expect(resources.JobsTable!.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map((m) => m.Properties);
    const stream = mappings.find((m) => JSON.stringify(m.EventSourceArn).includes('StreamArn'))!;
    expect(stream).toMatchObject({
      BatchSize: 100,
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      MaximumRetryAttempts: -1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': ['JobsTable', 'StreamArn'] },
    });
    const queue = mappings.find((m) => JSON.stringify(m.EventSourceArn).includes('RunnerQueue'))!;
    expect(queue).toMatchObject({ BatchSize: 1, ScalingConfig: { MaximumConcurrency: 20 }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('sends chunks on a queue whose visibility timeout is the chunk lease, with a dead-letter queue after 5 receives', () => {
    expect(resources.RunnerQueue!.Properties).toEqual({
      VisibilityTimeout: 720,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['RunnerDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
    });
    const worker = fnOf('handlers/runner.onQueueEvent');
    expect(worker.Environment.Variables).toMatchObject({ RUNNER_QUEUE_URL: { Ref: 'RunnerQueue' }, RUNNER_LEASE_SECONDS: '720' });
    // The lease outlasts the worker's longest run.
    expect(Number(worker.Environment.Variables.RUNNER_LEASE_SECONDS)).toBeGreaterThanOrEqual(6 * worker.Timeout);
  });

  it('gives both runner functions RunnerRole, and RunnerRole exactly the actions the adapters send', () => {
    for (const handler of ['handlers/runner.onJobChangeEvent', 'handlers/runner.onQueueEvent']) {
      expect(fnOf(handler).Role).toEqual({ 'Fn::GetAtt': ['RunnerRole', 'Arn'] });
    }
    const statements = runnerStatements().filter((s: any) => ![s.Action].flat().every((a: string) => a.startsWith('logs:')));
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:DeleteItem'], Resource: [jobsTable] },
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [{ 'Fn::Join': ['/', [jobsTable, 'index', STATUS_INDEX]] }] },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        Resource: [{ 'Fn::GetAtt': ['JobsTable', 'StreamArn'] }],
      },
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        Resource: [{ 'Fn::GetAtt': ['RunnerQueue', 'Arn'] }],
      },
      {
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:GetObjectTagging',
          's3:GetObjectVersionTagging',
          's3:PutObjectTagging',
          's3:PutObjectVersionTagging',
          's3:DeleteObjectTagging',
          's3:DeleteObjectVersionTagging',
          's3:RestoreObject',
        ],
        Resource: bucketObjects(stackBuckets),
      },
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging', 's3:PutObjectAcl'], Resource: bucketObjects(stackBuckets) },
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: bucketObjects(stackBuckets) },
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: { 'Fn::Split': [',', { 'Fn::Sub': ['arn:aws:s3:::${Buckets}', { Buckets: { 'Fn::Join': [',arn:aws:s3:::', { 'Fn::Split': [',', stackBuckets] }] } }] }] },
      },
    ]);
  });

  it('packages the runner apart from the API, as an artifact that loads on its own and answers its events', () => {
    const entries = zipEntries(readFileSync(path.join(out, 'runnerWorker.zip')));
    expect(entries.map((e) => e.name)).toEqual(['handlers/runner.mjs']);
    const dir = mkdtempSync(path.join(tmpdir(), 'runner-artifact-'));
    writeFileSync(path.join(dir, 'runner.mjs'), entries[0]!.content);
    const script = `const runner = await import(${JSON.stringify(path.join(dir, 'runner.mjs'))});
      const stream = await runner.onJobChangeEvent({ Records: [] });
      const queue = await runner.onQueueEvent({ Records: [{ messageId: 'm-1', body: 'not json' }] });
      process.stdout.write(JSON.stringify({ stream, queue }));`;
    const output = execFileSync(process.execPath, ['--input-type=commonjs', '-e', `(async () => { ${script} })()`], {
      cwd: dir,
      env: { PATH: process.env.PATH, JOBS_TABLE: 'jobs', RUNNER_QUEUE_URL: 'http://127.0.0.1:1/queue', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      encoding: 'utf8',
    });
    rmSync(dir, { recursive: true, force: true });
    // No record, nothing to retry; a body that is no runner message is handed back (to go to the dead-letter queue).
    expect(JSON.parse(output)).toEqual({ stream: { batchItemFailures: [] }, queue: { batchItemFailures: [{ itemIdentifier: 'm-1' }] } });
  });
});
