/** Object and bucket ARNs (COS and AWS forms), bucket names and key rules, every problem message. */
import fc from 'fast-check';
import { excerpt, isBucketName, keyProblem, parseBucketArn, parseObjectArn } from '../../lib/runner/manifest/arn';

const B = 'examplebucket-1250000000';
const FORMS = 'qcs::cos:<region>::<bucket>, qcs::cos:<region>:uid/<appid>:<bucket> or arn:aws:s3:::<bucket>';

describe('parseObjectArn', () => {
  it.each([
    [`qcs::cos:ap-guangzhou::${B}/manifests/a.csv`, { bucket: B, key: 'manifests/a.csv' }],
    [`qcs::cos:ap-guangzhou:uid/1250000000:${B}/a.csv`, { bucket: B, key: 'a.csv' }],
    [`qcs::cos:ap-shanghai-fsi::${B}/k`, { bucket: B, key: 'k' }],
    ['arn:aws:s3:::my-bucket/dir/sub/file.csv', { bucket: 'my-bucket', key: 'dir/sub/file.csv' }],
    ['arn:aws:s3:::my.bucket/k', { bucket: 'my.bucket', key: 'k' }],
    [`qcs::cos:us-east-1::${B}/a:b/c`, { bucket: B, key: 'a:b/c' }],
    [`qcs::cos:ap-guangzhou::${B}//k`, { bucket: B, key: '/k' }],
    [`arn:aws:s3:::${B}/a%20b`, { bucket: B, key: 'a%20b' }],
    [`arn:aws:s3:::${B}/é😀 +`, { bucket: B, key: 'é😀 +' }],
  ])('%s', (arn, expected) => {
    expect(parseObjectArn(arn)).toEqual(expected);
  });

  it.each([
    ['', `is empty; it must be an ARN of the form ${FORMS}`],
    [B, `"${B}" is a bucket name, not an ARN; write it as ${FORMS}`],
    [`${B}/k`, `"${B}/k" is not an ARN of the form ${FORMS}`],
    ['arn:aws:s3:us-east-1:123:b/k', `"arn:aws:s3:us-east-1:123:b/k" is not an ARN of the form ${FORMS}`],
    ['arn:aws-cn:s3:::bucket/k', `"arn:aws-cn:s3:::bucket/k" is not an ARN of the form ${FORMS}`],
    ['qcs::cos:ap-guangzhou', `"qcs::cos:ap-guangzhou" is not an ARN of the form ${FORMS}`],
    [`qcs::cos:ap-guangzhou:${B}/k`, `"qcs::cos:ap-guangzhou:${B}/k" is not an ARN of the form ${FORMS}`],
    [`qcs::cos:ap-guangzhou:1250000000:${B}/k`, `"qcs::cos:ap-guangzhou:1250000000:${B}/k" has "1250000000" where uid/<appid> (or nothing) belongs`],
    [`qcs::cos:Guangzhou::${B}/k`, `"qcs::cos:Guangzhou::${B}/k" names the region "Guangzhou", which is not a region such as ap-guangzhou`],
    [`qcs::cos:::${B}/k`, `"qcs::cos:::${B}/k" names the region "", which is not a region such as ap-guangzhou`],
    [`qcs::cos:ap-guangzhou:uid/abc:${B}/k`, `"qcs::cos:ap-guangzhou:uid/abc:${B}/k" has "uid/abc" where uid/<appid> (or nothing) belongs`],
    ['arn:aws:s3:::/k', '"arn:aws:s3:::/k" names no bucket'],
    ['arn:aws:s3:::Bad_Bucket/k', '"arn:aws:s3:::Bad_Bucket/k" names "Bad_Bucket", which is not a bucket name'],
    [`arn:aws:s3:::${B}`, `"arn:aws:s3:::${B}" names the bucket ${B} but no object key`],
    [`qcs::cos:ap-guangzhou::${B}/`, `"qcs::cos:ap-guangzhou::${B}/" names the bucket ${B} but no object key`],
    [`arn:aws:s3:::${B}/a\uDC00`, `the key in "arn:aws:s3:::${B}/a\\udc00" is not valid Unicode (it has a lone surrogate)`],
  ])('%j: %s', (arn, problem) => {
    expect(parseObjectArn(arn)).toEqual({ problem });
  });

  it('refuses a key over 1024 bytes, echoing 100 characters of the ARN at most', () => {
    const arn = `arn:aws:s3:::${B}/${'k'.repeat(1025)}`;
    expect(parseObjectArn(arn)).toEqual({ problem: `the key in "${arn.slice(0, 100)}"… is longer than 1024 bytes (1025 bytes in UTF-8)` });
    expect(parseObjectArn(`arn:aws:s3:::${B}/${'k'.repeat(1024)}`)).toEqual({ bucket: B, key: 'k'.repeat(1024) });
  });
});

describe('parseBucketArn', () => {
  it.each([
    [`qcs::cos:ap-guangzhou::${B}`, B],
    [`qcs::cos:ap-chengdu:uid/1250000000:${B}`, B],
    ['arn:aws:s3:::my-bucket', 'my-bucket'],
  ])('%s', (arn, bucket) => {
    expect(parseBucketArn(arn)).toEqual({ bucket });
  });

  it.each([
    [B, `"${B}" is a bucket name, not an ARN; write it as ${FORMS}`],
    [`qcs::cos:ap-guangzhou::${B}/`, `"qcs::cos:ap-guangzhou::${B}/" names an object path after the bucket; it must name the bucket alone`],
    [`arn:aws:s3:::${B}/k`, `"arn:aws:s3:::${B}/k" names an object path after the bucket; it must name the bucket alone`],
    ['qcs::cos:ap-guangzhou::', '"qcs::cos:ap-guangzhou::" names no bucket'],
    [' arn:aws:s3:::my-bucket', `" arn:aws:s3:::my-bucket" is not an ARN of the form ${FORMS}`],
  ])('%j: %s', (arn, problem) => {
    expect(parseBucketArn(arn)).toEqual({ problem });
  });
});

describe('bucket names and keys', () => {
  it.each(['abc', 'a-b', 'a.b.c', B, 'x'.repeat(63), '1bucket', 'bucket1'])('%s is a bucket name', (name) => {
    expect(isBucketName(name)).toBe(true);
  });

  it.each(['', 'ab', 'x'.repeat(64), 'Abc', 'a_b', '-ab', 'ab-', '.ab', 'a..b', '10.0.0.1', 'a b', 'ab/'])('%j is not a bucket name', (name) => {
    expect(isBucketName(name)).toBe(false);
  });

  it('knows a key from what cannot be one', () => {
    expect(keyProblem('')).toBe('is empty');
    expect(keyProblem('😀'.repeat(256))).toBeUndefined();
    expect(keyProblem(`${'😀'.repeat(256)}x`)).toBe('is longer than 1024 bytes (1025 bytes in UTF-8)');
    expect(keyProblem('\uD83D')).toBe('is not valid Unicode (it has a lone surrogate)');
  });

  it('quotes at most 100 characters', () => {
    expect(excerpt('ab')).toBe('"ab"');
    expect(excerpt('a'.repeat(101))).toBe(`"${'a'.repeat(100)}"…`);
    expect(excerpt('a"b')).toBe('"a\\"b"');
  });
});

describe('properties', () => {
  const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]-125\d{7}$/);
  const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 });

  it('gives back the bucket and key of every form', () => {
    fc.assert(
      fc.property(bucket, key, fc.constantFrom('qcs::cos:ap-guangzhou::', 'qcs::cos:eu-frankfurt:uid/1250000000:', 'arn:aws:s3:::'), (b, k, prefix) => {
        expect(parseObjectArn(`${prefix}${b}/${k}`)).toEqual({ bucket: b, key: k });
        expect(parseBucketArn(`${prefix}${b}`)).toEqual({ bucket: b });
      }),
    );
  });

  it('never throws, and echoes at most 100 characters of the input twice over', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.tuple(fc.constantFrom('qcs::cos:', 'arn:aws:s3:::', 'qcs::cos:ap-guangzhou:', ''), fc.string({ unit: fc.constantFrom(':', '/', 'a', 'uid/', '1', '-', '.', 'A', '\uDC00'), maxLength: 400 })).map(([p, s]) => p + s),
    );
    fc.assert(
      fc.property(text, (arn) => {
        for (const result of [parseObjectArn(arn), parseBucketArn(arn)]) {
          if ('problem' in result) expect(result.problem.length).toBeLessThan(400);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
