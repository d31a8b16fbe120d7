/**
 * Completion reports (shared/spec/runner.md §5; the layout and column order of real S3 Batch Operations reports:
 * shared/reference/runner-parts.md §4.3). Lines, folders and the manifest are written out by hand.
 */
import { csvField, reportLine, reportManifest, reportTarget, resultKey, type TaskResult } from '../../lib/runner/report';

const FORMS = 'qcs::cos:<region>::<bucket>, qcs::cos:<region>:uid/<appid>:<bucket> or arn:aws:s3:::<bucket>';

describe('csvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\r', '"cr\r"'],
    ['semi;colon and space', 'semi;colon and space'],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('reportLine: Bucket,Key,VersionId,TaskStatus,HTTPStatusCode,ErrorCode,ResultMessage', () => {
  const base: TaskResult = { bucket: 'src-1250000000', key: 'a.txt', status: 'succeeded', httpStatus: 200, errorCode: '', message: 'Successful' };

  it('writes a success as real reports do (HTTP status in column 5, empty error code in column 6)', () => {
    expect(reportLine({ ...base, versionId: 'v1' })).toBe('src-1250000000,a.txt,v1,succeeded,200,,Successful');
  });

  it('leaves VersionId empty when there is none', () => {
    expect(reportLine(base)).toBe('src-1250000000,a.txt,,succeeded,200,,Successful');
  });

  it('writes a failure with its HTTP status, then its error code, then its message', () => {
    expect(reportLine({ ...base, status: 'failed', httpStatus: 404, errorCode: 'NoSuchKey', message: 'The specified key does not exist.' })).toBe(
      'src-1250000000,a.txt,,failed,404,NoSuchKey,The specified key does not exist.',
    );
  });

  it('URL-encodes the key: space, comma, quote, plus, percent and unicode (slashes kept)', () => {
    const key = 'dir/my file, "quoted" +1 100% é😀.txt';
    expect(reportLine({ ...base, key })).toBe(
      'src-1250000000,dir/my%20file%2C%20%22quoted%22%20%2B1%20100%25%20%C3%A9%F0%9F%98%80.txt,,succeeded,200,,Successful',
    );
  });

  it('quotes a message holding commas, quotes or a line break, doubling its quotes', () => {
    const message = 'Lambda returned function error: {"errorMessage":"x, y"}';
    expect(reportLine({ ...base, status: 'failed', httpStatus: 200, errorCode: 'PermanentFailure', message })).toBe(
      'src-1250000000,a.txt,,failed,200,PermanentFailure,"Lambda returned function error: {""errorMessage"":""x, y""}"',
    );
    expect(reportLine({ ...base, status: 'failed', httpStatus: 500, errorCode: 'InternalError', message: 'one\ntwo' })).toBe(
      'src-1250000000,a.txt,,failed,500,InternalError,"one\ntwo"',
    );
  });

  it('quotes a version id or error code that needs it (they come from the storage)', () => {
    expect(reportLine({ ...base, versionId: 'v,1', status: 'failed', httpStatus: 409, errorCode: 'A"B', message: 'm' })).toBe(
      'src-1250000000,a.txt,"v,1",failed,409,"A""B",m',
    );
  });
});

describe('reportTarget', () => {
  const report = { Bucket: 'qcs::cos:ap-guangzhou::reports-1250000000', Enabled: 'true', Format: 'Report_CSV_V1', Prefix: 'reports', ReportScope: 'AllTasks' };

  it('has no target when the report is absent or not enabled', () => {
    expect(reportTarget(undefined, 'J1')).toBeUndefined();
    expect(reportTarget(null, 'J1')).toBeUndefined();
    expect(reportTarget({ ...report, Enabled: 'false' }, 'J1')).toBeUndefined();
    expect(reportTarget({ ...report, Enabled: undefined }, 'J1')).toBeUndefined();
  });

  it('writes under <Prefix>/job-<JobId>/ in the report bucket', () => {
    expect(reportTarget(report, 'J1')).toEqual({ bucket: 'reports-1250000000', folder: 'reports/job-J1/', failedOnly: false });
  });

  it.each([
    ['/reports/', 'reports/job-J1/'],
    ['//a/b//', 'a/b/job-J1/'],
    ['a/b', 'a/b/job-J1/'],
    ['', 'job-J1/'],
    ['/', 'job-J1/'],
    [undefined, 'job-J1/'],
  ])('Prefix %j → folder %j (no leading slash, exactly one slash before job-)', (Prefix, folder) => {
    expect(reportTarget({ ...report, Prefix }, 'J1')).toEqual({ bucket: 'reports-1250000000', folder, failedOnly: false });
  });

  it('keeps only failed tasks when ReportScope is FailedTasksOnly', () => {
    expect(reportTarget({ ...report, ReportScope: 'FailedTasksOnly' }, 'J1')).toEqual({ bucket: 'reports-1250000000', folder: 'reports/job-J1/', failedOnly: true });
  });

  it('reads every ARN form of the bucket', () => {
    expect(reportTarget({ ...report, Bucket: 'qcs::cos:ap-guangzhou:uid/1250000000:reports-1250000000' }, 'J1')).toMatchObject({ bucket: 'reports-1250000000' });
    expect(reportTarget({ ...report, Bucket: 'arn:aws:s3:::my-reports' }, 'J1')).toMatchObject({ bucket: 'my-reports' });
  });

  it('says why a bucket ARN cannot be used', () => {
    expect(reportTarget({ ...report, Bucket: 'reports-1250000000' }, 'J1')).toBe(`Report.Bucket: "reports-1250000000" is a bucket name, not an ARN; write it as ${FORMS}`);
    expect(reportTarget({ ...report, Bucket: undefined }, 'J1')).toBe(`Report.Bucket: is empty; it must be an ARN of the form ${FORMS}`);
    expect(reportTarget({ ...report, Bucket: 'qcs::cos:ap-guangzhou::reports-1250000000/dir' }, 'J1')).toBe(
      'Report.Bucket: "qcs::cos:ap-guangzhou::reports-1250000000/dir" names an object path after the bucket; it must name the bucket alone',
    );
  });
});

describe('resultKey', () => {
  const target = { bucket: 'reports-1250000000', folder: 'reports/job-J1/', failedOnly: false };

  it('is <folder>results/<40 hex>.csv', () => {
    expect(resultKey(target, 'J1', 0, 'msg-1', 'succeeded')).toMatch(/^reports\/job-J1\/results\/[0-9a-f]{40}\.csv$/);
  });

  it('is stable: a retried write of the same attempt overwrites the same file', () => {
    expect(resultKey(target, 'J1', 3, 'msg-1', 'failed')).toBe(resultKey(target, 'J1', 3, 'msg-1', 'failed'));
  });

  it('differs per job, chunk, attempt and status, with no ambiguity between fields', () => {
    const keys = [
      resultKey(target, 'J1', 1, '23', 'failed'),
      resultKey(target, 'J1', 12, '3', 'failed'), // the same characters, split differently
      resultKey(target, 'J1', 1, '23', 'succeeded'),
      resultKey(target, 'J1', 1, '24', 'failed'),
      resultKey(target, 'J1', 2, '23', 'failed'),
      resultKey(target, 'J2', 1, '23', 'failed'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('reportManifest', () => {
  it('lists the result files in S3 Batch Operations’ manifest.json format, indented, with a final newline', () => {
    const text = reportManifest(
      'reports-1250000000',
      [
        { key: 'reports/job-J1/results/aaaa.csv', status: 'succeeded', md5: '0123456789abcdef0123456789abcdef' },
        { key: 'reports/job-J1/results/bbbb.csv', status: 'failed', md5: 'fedcba9876543210fedcba9876543210' },
      ],
      '2026-11-28T12:00:00.000Z',
    );
    expect(text).toBe(
      [
        '{',
        '  "Format": "Report_CSV_20180820",',
        '  "ReportCreationDate": "2026-11-28T12:00:00.000Z",',
        '  "Results": [',
        '    {',
        '      "TaskExecutionStatus": "succeeded",',
        '      "Bucket": "reports-1250000000",',
        '      "MD5Checksum": "0123456789abcdef0123456789abcdef",',
        '      "Key": "reports/job-J1/results/aaaa.csv"',
        '    },',
        '    {',
        '      "TaskExecutionStatus": "failed",',
        '      "Bucket": "reports-1250000000",',
        '      "MD5Checksum": "fedcba9876543210fedcba9876543210",',
        '      "Key": "reports/job-J1/results/bbbb.csv"',
        '    }',
        '  ],',
        '  "ReportSchema": "Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes an empty Results list when no task ran', () => {
    expect(JSON.parse(reportManifest('b-1', [], '2026-11-28T12:00:00.000Z'))).toEqual({
      Format: 'Report_CSV_20180820',
      ReportCreationDate: '2026-11-28T12:00:00.000Z',
      Results: [],
      ReportSchema: 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
    });
  });
});
