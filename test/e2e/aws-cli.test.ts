/**
 * The AWS CLI (`aws s3control`, Debian's awscli v2 in CI; any `aws` on the PATH, or the one AWS_CLI names) against
 * the local stack, SigV4 on, as docs/aws-clients.md shows it: the CLI always puts the account in front of the host
 * (`--endpoint-url http://127.0.0.1:port` becomes `http://123456789012.127.0.0.1:port`, which cannot connect), so
 * it is given a name that needs no DNS, `http://s3control.test`, and the local API as its HTTP proxy. It then sends
 * an absolute-form request line (`GET http://123456789012.s3control.test/v20180820/jobs/<id> HTTP/1.1`) with
 * `Host: 123456789012.s3control.test` to the proxy, and serverless-offline serves such a request by its path, the
 * Host header left as signed. No config file is read, no credential chain probed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCOUNT_ID, DEMO_AWS_KEY } from '../../scripts/local-stack';

/** Debian's AWS CLI v2 (what .ci/run installs) before any other `aws` on the PATH. */
const AWS = process.env.AWS_CLI || (existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws');
const version = spawnSync(AWS, ['--version'], { encoding: 'utf8' });
const installed = !version.error && version.status === 0;
if (!installed) {
  // .ci/run installs it; a developer machine may not have it.
  process.stderr.write(`test/e2e/aws-cli.test.ts skipped: no AWS CLI ("${AWS}" did not run). Install it with: sudo apt-get install -y awscli\n`);
}
const work = mkdtempSync(path.join(tmpdir(), 'aws-cli-'));

interface CliResult {
  readonly code: number;
  readonly json: any;
  readonly stderr: string;
}

/** One `aws s3control` command through the local API as HTTP proxy, the demo key in the environment only. */
function s3control(...args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work, // the CLI's caches, not the developer's
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: DEMO_AWS_KEY.secretId,
    AWS_SECRET_ACCESS_KEY: DEMO_AWS_KEY.secretKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '', // v2 pipes output through `less` otherwise
    HTTP_PROXY: process.env.TEST_API_URL,
  };
  const argv = ['s3control', ...args, '--endpoint-url', 'http://s3control.test', '--account-id', DEMO_ACCOUNT_ID, '--output', 'json'];
  return new Promise((resolve, reject) => {
    const child = spawn(AWS, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        resolve({ code: code ?? -1, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr });
      } catch {
        reject(new Error(`aws ${argv.join(' ')} printed no JSON (exit ${code}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

/** The command's JSON output; the test fails with the CLI's own message when it failed. */
async function ok(...args: string[]): Promise<any> {
  const result = await s3control(...args);
  if (result.code !== 0) throw new Error(`aws s3control ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return result.json;
}

const describeWithCli = installed ? describe : describe.skip;

// In CI the CLI must be there (.ci/run installs it): a skipped session would hide a broken install.
(process.env.CI ? it : it.skip)('has the AWS CLI to run (CI)', () => {
  expect({ cli: AWS, installed }).toEqual({ cli: AWS, installed: true });
});

describeWithCli(`the AWS CLI (${installed ? `${version.stdout}${version.stderr}`.trim().split(' ')[0] : 'not installed'}) with the local API as HTTP proxy`, () => {
  it('create-job → describe-job → job tagging → update-job-priority → update-job-status → list-jobs; a refused change prints JobStatusException', async () => {
    const input = path.join(work, `${randomUUID()}.json`);
    writeFileSync(
      input,
      JSON.stringify({
        ClientRequestToken: randomUUID(),
        ConfirmationRequired: false,
        Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::backup-bucket', StorageClass: 'STANDARD_IA', MetadataDirective: 'COPY' } },
        Manifest: {
          Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
          Location: { ObjectArn: 'arn:aws:s3:::examplebucket/manifests/objects.csv', ETag: '60e460c9d1046e73f7dde5043ac3ae85' },
        },
        Report: { Bucket: 'arn:aws:s3:::report-bucket', Format: 'Report_CSV_20180820', Enabled: true, Prefix: 'reports', ReportScope: 'FailedTasksOnly' },
        Priority: 10,
        RoleArn: `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/batch`,
        Description: 'copy from the CLI',
        Tags: [{ Key: 'made-by', Value: 'aws-cli' }],
      }),
    );

    // The same file twice is one job: the token makes the retry safe.
    const { JobId: jobId } = await ok('create-job', '--cli-input-json', `file://${input}`);
    expect(jobId).toMatch(/^[A-Za-z0-9_-]{5,36}$/);
    expect((await ok('create-job', '--cli-input-json', `file://${input}`)).JobId).toBe(jobId);

    const { Job: job } = await ok('describe-job', '--job-id', jobId);
    expect(job).toMatchObject({
      JobId: jobId,
      Status: 'New',
      Priority: 10,
      ConfirmationRequired: false,
      Description: 'copy from the CLI',
      Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::backup-bucket', StorageClass: 'STANDARD_IA', MetadataDirective: 'COPY' } },
      Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] } },
      Report: { Bucket: 'arn:aws:s3:::report-bucket', Enabled: true, ReportScope: 'FailedTasksOnly' },
      ProgressSummary: { TotalNumberOfTasks: 0, NumberOfTasksSucceeded: 0, NumberOfTasksFailed: 0 },
    });
    expect(job.JobArn).toMatch(new RegExp(`^arn:aws:s3:[a-z0-9-]+:${DEMO_ACCOUNT_ID}:job/${jobId}$`));
    expect(Date.parse(job.CreationTime)).toBeGreaterThan(Date.now() - 60_000);

    expect(await ok('get-job-tagging', '--job-id', jobId)).toEqual({ Tags: [{ Key: 'made-by', Value: 'aws-cli' }] });
    // put-job-tagging and delete-job-tagging answer an empty 200, which the CLI prints as nothing.
    expect(await ok('put-job-tagging', '--job-id', jobId, '--tags', 'Key=k1,Value=v1', 'Key=k2,Value=')).toBeUndefined();
    expect(await ok('get-job-tagging', '--job-id', jobId)).toEqual({ Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: '' }] });

    expect(await ok('update-job-priority', '--job-id', jobId, '--priority', '42')).toEqual({ JobId: jobId, Priority: 42 });
    expect(await ok('update-job-status', '--job-id', jobId, '--requested-job-status', 'Cancelled', '--status-update-reason', 'not needed & done')).toEqual({
      JobId: jobId,
      Status: 'Cancelled',
      StatusUpdateReason: 'not needed & done',
    });

    const { Jobs: jobs } = await ok('list-jobs', '--job-statuses', 'Cancelled', 'Complete', '--max-results', '1000');
    expect(jobs).toContainEqual(expect.objectContaining({ JobId: jobId, Status: 'Cancelled', Priority: 42, Operation: 'S3PutObjectCopy', Description: 'copy from the CLI' }));

    const again = await s3control('update-job-status', '--job-id', jobId, '--requested-job-status', 'Cancelled');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/An error occurred \(JobStatusException\) when calling the UpdateJobStatus operation: \S/);
    expect((await s3control('describe-job', '--job-id', 'nosuchjob-0000000000')).stderr).toMatch(/\(NotFoundException\) when calling the DescribeJob operation/);
  });
});
