/**
 * The local S3 store (scripts/s3-store.ts → scripts/s3-store-server.cjs: s3rver behind a front) driven with
 * @aws-sdk/client-s3 as the runner drives it: what s3rver does well by itself, and each fix and fill of the front,
 * answered as AWS S3 answers (status, error code, tag sets and bodies exactly).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  RestoreObjectCommand,
  S3Client,
  UploadPartCommand,
  type CopyObjectCommandInput,
  type Tag,
} from '@aws-sdk/client-s3';
import { copySource } from '../../lib/storage/s3-storage';
import { freePort, type Started } from '../../scripts/local-stack';
import { s3ClientFor, startS3Store } from '../../scripts/s3-store';

const KEY = { accessKeyId: 'store-test', secretAccessKey: 'store-test-secret' };
let store: Started & { endpoint: string };
let s3: S3Client;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 's3-store-test-'));
  store = await startS3Store({ port: await freePort(), directory, ...KEY, buckets: ['src', 'dst'] });
  s3 = s3ClientFor(store.endpoint, KEY.accessKeyId, KEY.secretAccessKey);
});
afterAll(async () => {
  s3?.destroy();
  await store?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** The status and S3 error code of a call that must fail. */
async function failure(call: Promise<unknown>): Promise<{ status: number | undefined; code: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { status: e.$metadata?.httpStatusCode, code: e.name };
  }
  throw new Error('the call succeeded');
}
const put = (Key: string, Body: string | Buffer = `body of ${Key}`, more: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
  s3.send(new PutObjectCommand({ Bucket: 'src', Key, Body, ...more }));
const body = async (Bucket: string, Key: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray());
const text = async (Bucket: string, Key: string) => (await body(Bucket, Key)).toString('utf8');
const tags = async (Bucket: string, Key: string) => (await s3.send(new GetObjectTaggingCommand({ Bucket, Key }))).TagSet;
const head = (Bucket: string, Key: string) => s3.send(new HeadObjectCommand({ Bucket, Key }));
const copy = (input: Omit<CopyObjectCommandInput, 'Bucket' | 'CopySource'> & { from: string; Bucket?: string }) => {
  const { from, ...rest } = input;
  return s3.send(new CopyObjectCommand({ Bucket: 'dst', CopySource: copySource({ bucket: 'src', key: from }), ...rest }));
};
const local = (route: string, init?: RequestInit) => fetch(`${store.endpoint}/__local/${route}`, init);
const fault = (spec: object) => local('faults', { method: 'POST', body: JSON.stringify(spec) });
/** A client without the SDK's retries, as the runner's (maxAttempts 1), optionally with a short request timeout. */
const bareClient = (requestTimeout?: number) =>
  new S3Client({
    endpoint: store.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: KEY,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    ...(requestTimeout && { requestHandler: { requestTimeout, throwOnRequestTimeout: true } }),
  });
const NOT_FOUND = { status: 404, code: 'NotFound' };
const PRECONDITION_FAILED = { status: 412, code: 'PreconditionFailed' };

it('starts with the buckets of S3_BUCKETS and accepts the key pair it was given besides S3RVER', async () => {
  expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['dst', 'src']);
  const defaultKey = s3ClientFor(store.endpoint);
  expect((await defaultKey.send(new ListBucketsCommand({}))).Buckets).toHaveLength(2);
  defaultKey.destroy();
});

it('puts, gets and heads an object byte for byte', async () => {
  const bytes = Buffer.concat([Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256)), Buffer.from('日本語\r\n\0')]);
  const out = await put('plain/bytes.bin', bytes, { ContentType: 'application/x-test', Metadata: { owner: 'me' } });
  const md5 = `"${createHash('md5').update(bytes).digest('hex')}"`;
  expect(out.ETag).toBe(md5);
  expect((await body('src', 'plain/bytes.bin')).equals(bytes)).toBe(true);
  const h = await head('src', 'plain/bytes.bin');
  expect([h.ContentLength, h.ETag, h.ContentType, h.Metadata, h.StorageClass, h.Restore]).toEqual([bytes.length, md5, 'application/x-test', { owner: 'me' }, undefined, undefined]);
  const range = await s3.send(new GetObjectCommand({ Bucket: 'src', Key: 'plain/bytes.bin', Range: 'bytes=10-19' }));
  expect([range.$metadata.httpStatusCode, range.ContentRange]).toEqual([206, `bytes 10-19/${bytes.length}`]);
  expect(Buffer.from(await range.Body!.transformToByteArray()).equals(bytes.subarray(10, 20))).toBe(true);
  expect(await failure(head('src', 'plain/missing'))).toEqual(NOT_FOUND);
  expect(await failure(body('src', 'plain/missing'))).toEqual({ status: 404, code: 'NoSuchKey' });
  expect(await failure(body('nobucket', 'plain/missing'))).toEqual({ status: 404, code: 'NoSuchBucket' });
  // Not S3's answer: s3rver would resolve ".." as a file path, outside its folder, so the store refuses such keys.
  expect(await failure(put('plain/../../outside'))).toEqual({ status: 400, code: 'InvalidArgument' });
  expect(await failure(copy({ from: 'plain/../../../etc/hostname', Key: 'copy/outside' }))).toEqual({ status: 400, code: 'InvalidArgument' });
});

it('pages ListObjectsV2 two keys at a time over five keys', async () => {
  for (const i of [3, 0, 4, 1, 2]) await put(`list/${i}`);
  const pages: { keys: string[]; truncated: boolean | undefined }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'src', Prefix: 'list/', MaxKeys: 2, ContinuationToken: token }));
    pages.push({ keys: (page.Contents ?? []).map((c) => c.Key!), truncated: page.IsTruncated });
    token = page.NextContinuationToken;
  } while (token);
  expect(pages).toEqual([
    { keys: ['list/0', 'list/1'], truncated: true },
    { keys: ['list/2', 'list/3'], truncated: true },
    { keys: ['list/4'], truncated: false },
  ]);
});

it('copies keys with + = & # ? , 日本語, spaces and % in them, and a ?versionId=null source', async () => {
  const keys = ['k/a+b', 'k/a=b', 'k/a&b', 'k/a#b', 'k/a?b', 'k/a,b', 'k/日本語', 'k/a b', 'k/100%', 'k/%2B', 'k/$:;@', 'k/all +=&#?,日本語 %/deeper/x'];
  for (const key of keys) {
    await put(key);
    const out = await copy({ from: key, Key: `copy/${key}` });
    expect(out.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update(`body of ${key}`).digest('hex')}"`);
    expect(await text('dst', `copy/${key}`)).toBe(`body of ${key}`);
  }
  await s3.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'copy/versioned', CopySource: copySource({ bucket: 'src', key: 'k/a?b', versionId: 'null' }) }));
  expect(await text('dst', 'copy/versioned')).toBe('body of k/a?b');
  expect(await failure(copy({ from: 'k/missing', Key: 'copy/missing' }))).toEqual({ status: 404, code: 'NoSuchKey' });
  expect(await failure(copy({ from: 'k/a+b', Bucket: 'nobucket', Key: 'copy/missing' }))).toEqual({ status: 404, code: 'NoSuchBucket' });
});

describe('restores', () => {
  const expiry = (days: number) => {
    const date = new Date(Date.now() + days * 86_400_000);
    date.setUTCHours(24, 0, 0, 0);
    return date.toUTCString();
  };

  it('answers 202, then 200 for an object restored already, records each request and shows it on HeadObject', async () => {
    await put('archive/r.log');
    const restore = (Days: number, Tier: 'Bulk' | 'Expedited') =>
      s3.send(new RestoreObjectCommand({ Bucket: 'src', Key: 'archive/r.log', RestoreRequest: { Days, GlacierJobParameters: { Tier } } }));
    expect((await restore(3, 'Bulk')).$metadata.httpStatusCode).toBe(202);
    expect((await head('src', 'archive/r.log')).Restore).toBe(`ongoing-request="false", expiry-date="${expiry(3)}"`);
    expect((await restore(5, 'Expedited')).$metadata.httpStatusCode).toBe(200);
    expect((await head('src', 'archive/r.log')).Restore).toBe(`ongoing-request="false", expiry-date="${expiry(5)}"`);
    const recorded = (await (await local('restores')).json()) as { key: string }[];
    expect(recorded.filter((r) => r.key === 'archive/r.log')).toEqual([
      { bucket: 'src', key: 'archive/r.log', days: 3, tier: 'Bulk' },
      { bucket: 'src', key: 'archive/r.log', days: 5, tier: 'Expedited' },
    ]);
    // A new object under the key is not restored.
    await put('archive/r.log');
    expect((await head('src', 'archive/r.log')).Restore).toBeUndefined();
  });

  it('answers NoSuchKey, NoSuchBucket and MalformedXML (no Days) as S3', async () => {
    const restore = (Bucket: string, Key: string, Days?: number) => s3.send(new RestoreObjectCommand({ Bucket, Key, RestoreRequest: { ...(Days && { Days }) } }));
    expect(await failure(restore('src', 'archive/missing', 1))).toEqual({ status: 404, code: 'NoSuchKey' });
    expect(await failure(restore('nobucket', 'archive/missing', 1))).toEqual({ status: 404, code: 'NoSuchBucket' });
    await put('archive/nodays');
    expect(await failure(restore('src', 'archive/nodays'))).toEqual({ status: 400, code: 'MalformedXML' });
  });

  it('refuses to read or copy a GLACIER object until it is restored (InvalidObjectState)', async () => {
    await put('archive/cold', 'cold bytes', { StorageClass: 'GLACIER' });
    expect((await head('src', 'archive/cold')).StorageClass).toBe('GLACIER');
    expect(await failure(body('src', 'archive/cold'))).toEqual({ status: 403, code: 'InvalidObjectState' });
    expect(await failure(copy({ from: 'archive/cold', Key: 'copy/cold' }))).toEqual({ status: 403, code: 'InvalidObjectState' });
    await s3.send(new RestoreObjectCommand({ Bucket: 'src', Key: 'archive/cold', RestoreRequest: { Days: 1 } }));
    expect(await text('src', 'archive/cold')).toBe('cold bytes');
    await copy({ from: 'archive/cold', Key: 'copy/cold' });
    const copied = await head('dst', 'copy/cold');
    expect([copied.StorageClass, copied.Restore]).toEqual([undefined, undefined]); // a copy is STANDARD unless told
    expect(await text('dst', 'copy/cold')).toBe('cold bytes');
  });
});

describe('tags', () => {
  it('keeps every tag value exactly (s3rver alone turns "007" into "7" and loses values with & or <)', async () => {
    await put('tags/exact');
    const set: Tag[] = [
      { Key: 'n', Value: '007' },
      { Key: 'xml', Value: `a&b<c>"'` },
      { Key: 'spaces', Value: ' x  y ' },
      { Key: 'empty', Value: '' },
      { Key: '日本語', Value: '値' },
      { Key: 'lines', Value: 'a\r\nb\tc' },
    ];
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'src', Key: 'tags/exact', Tagging: { TagSet: set } }));
    expect(await tags('src', 'tags/exact')).toEqual(set);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const putTags = (TagSet: Tag[], Key = 'tags/exact') => s3.send(new PutObjectTaggingCommand({ Bucket: 'src', Key, Tagging: { TagSet } }));
    expect(await failure(putTags(eleven))).toEqual({ status: 400, code: 'BadRequest' });
    expect(await failure(putTags([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }]))).toEqual({ status: 400, code: 'InvalidTag' });
    expect(await failure(putTags([{ Key: 'k'.repeat(129), Value: '1' }]))).toEqual({ status: 400, code: 'InvalidTag' });
    expect(await failure(putTags([{ Key: 'k', Value: 'v'.repeat(257) }]))).toEqual({ status: 400, code: 'InvalidTag' });
    expect(await tags('src', 'tags/exact')).toEqual(set); // unchanged by the refused ones
    expect(await failure(putTags([], 'tags/missing'))).toEqual({ status: 404, code: 'NoSuchKey' });
    expect(await failure(tags('src', 'tags/missing'))).toEqual({ status: 404, code: 'NoSuchKey' });
  });

  it('DeleteObjectTagging removes the tags with 204; NoSuchKey and NoSuchBucket when missing', async () => {
    await put('tags/delete', 'x', { Tagging: 'a=1&b=2' });
    const out = await s3.send(new DeleteObjectTaggingCommand({ Bucket: 'src', Key: 'tags/delete' }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    expect(await tags('src', 'tags/delete')).toEqual([]);
    expect(await text('src', 'tags/delete')).toBe('x');
    expect(await failure(s3.send(new DeleteObjectTaggingCommand({ Bucket: 'src', Key: 'tags/missing' })))).toEqual({ status: 404, code: 'NoSuchKey' });
    expect(await failure(s3.send(new DeleteObjectTaggingCommand({ Bucket: 'nobucket', Key: 'tags/missing' })))).toEqual({ status: 404, code: 'NoSuchBucket' });
  });

  it('PutObject and CreateMultipartUpload take x-amz-tagging; a new object under a key starts without the old tags', async () => {
    await put('tags/put', 'x', { Tagging: 'project=alpha&note=x%20y%26z&empty=' });
    expect(await tags('src', 'tags/put')).toEqual([
      { Key: 'project', Value: 'alpha' },
      { Key: 'note', Value: 'x y&z' },
      { Key: 'empty', Value: '' },
    ]);
    await put('tags/put', 'y');
    expect(await tags('src', 'tags/put')).toEqual([]);
    await put('tags/put', 'z', { Tagging: 'a=1' });
    await s3.send(new DeleteObjectCommand({ Bucket: 'src', Key: 'tags/put' }));
    await put('tags/put', 'w');
    expect(await tags('src', 'tags/put')).toEqual([]);
    expect(await failure(put('tags/refused', 'x', { Tagging: 'a=1&a=2' }))).toEqual({ status: 400, code: 'InvalidArgument' });
    expect(await failure(head('src', 'tags/refused'))).toEqual(NOT_FOUND);

    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'src', Key: 'tags/multipart', Tagging: 'part=1' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'src', Key: 'tags/multipart', UploadId: upload.UploadId, PartNumber: 1, Body: 'one part' }));
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'src', Key: 'tags/multipart', UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }),
    );
    expect([await text('src', 'tags/multipart'), await tags('src', 'tags/multipart')]).toEqual(['one part', [{ Key: 'part', Value: '1' }]]);
  });

  it('CopyObject copies the source’s tags (COPY, the default) or sets x-amz-tagging (REPLACE)', async () => {
    const source = [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2 & 3' }];
    await put('tags/source', 'tagged', { Tagging: 'a=1&b=2%20%26%203' });
    await put('tags/untagged');
    await copy({ from: 'tags/source', Key: 'tags/default' });
    expect(await tags('dst', 'tags/default')).toEqual(source);
    await copy({ from: 'tags/source', Key: 'tags/copy', TaggingDirective: 'COPY', Tagging: 'ignored=1' });
    expect(await tags('dst', 'tags/copy')).toEqual(source);
    await copy({ from: 'tags/source', Key: 'tags/replace', TaggingDirective: 'REPLACE', Tagging: 'c=3&d=' });
    expect(await tags('dst', 'tags/replace')).toEqual([{ Key: 'c', Value: '3' }, { Key: 'd', Value: '' }]);
    await copy({ from: 'tags/source', Key: 'tags/replace-none', TaggingDirective: 'REPLACE' });
    expect(await tags('dst', 'tags/replace-none')).toEqual([]);
    await copy({ from: 'tags/untagged', Key: 'tags/default' }); // over a tagged target: the source's (no) tags
    expect(await tags('dst', 'tags/default')).toEqual([]);
    expect(await text('dst', 'tags/replace')).toBe('tagged');
    expect(await failure(copy({ from: 'tags/source', Key: 'tags/bad', TaggingDirective: 'MERGE' as never }))).toEqual({ status: 400, code: 'InvalidArgument' });
    expect(await failure(head('dst', 'tags/bad'))).toEqual(NOT_FOUND);
  });
});

describe('conditions', () => {
  let etag: string;
  let modified: Date;
  beforeAll(async () => {
    etag = (await put('cond/source', 'conditional')).ETag!;
    modified = (await head('src', 'cond/source')).LastModified!;
  });
  const minute = 60_000;

  it.each([
    ['CopySourceIfMatch', () => ({ CopySourceIfMatch: etag }), () => ({ CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"' })],
    ['CopySourceIfNoneMatch', () => ({ CopySourceIfNoneMatch: '"0123456789abcdef0123456789abcdef"' }), () => ({ CopySourceIfNoneMatch: etag })],
    ['CopySourceIfModifiedSince', () => ({ CopySourceIfModifiedSince: new Date(modified.getTime() - minute) }), () => ({ CopySourceIfModifiedSince: modified })],
    ['CopySourceIfUnmodifiedSince', () => ({ CopySourceIfUnmodifiedSince: modified }), () => ({ CopySourceIfUnmodifiedSince: new Date(modified.getTime() - minute) })],
  ] as const)('%s: copies when it holds, 412 PreconditionFailed and no copy when not', async (name, holds, fails) => {
    await copy({ from: 'cond/source', Key: `cond/${name}/ok`, ...holds() });
    expect(await text('dst', `cond/${name}/ok`)).toBe('conditional');
    expect(await failure(copy({ from: 'cond/source', Key: `cond/${name}/refused`, ...fails() }))).toEqual(PRECONDITION_FAILED);
    expect(await failure(head('dst', `cond/${name}/refused`))).toEqual(NOT_FOUND);
  });

  it('a matching x-amz-copy-source-if-match wins over a failing if-unmodified-since (S3’s documented rule)', async () => {
    await copy({ from: 'cond/source', Key: 'cond/both', CopySourceIfMatch: etag, CopySourceIfUnmodifiedSince: new Date(modified.getTime() - minute) });
    expect(await text('dst', 'cond/both')).toBe('conditional');
  });

  it('GetObject and HeadObject check If-Match (412) and If-None-Match (304)', async () => {
    const get = (more: object) => s3.send(new GetObjectCommand({ Bucket: 'src', Key: 'cond/source', ...more }));
    expect((await get({ IfMatch: etag })).$metadata.httpStatusCode).toBe(200);
    expect(await failure(get({ IfMatch: '"0123456789abcdef0123456789abcdef"' }))).toEqual(PRECONDITION_FAILED);
    expect(await failure(get({ IfUnmodifiedSince: new Date(modified.getTime() - minute) }))).toEqual(PRECONDITION_FAILED);
    expect((await failure(get({ IfNoneMatch: etag }))).status).toBe(304);
    // A HEAD answer has no body (as S3's), and the SDK names a bodiless error only for 404.
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'cond/source', IfMatch: '"x"' })))).toEqual({ status: 412, code: 'Unknown' });
    expect((await failure(s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'cond/source', IfNoneMatch: etag })))).status).toBe(304);
  });
});

it('storage classes: kept on PutObject, the request’s on CopyObject (STANDARD when none), an object copied onto itself to change it', async () => {
  await put('class/ia', 'infrequent', { StorageClass: 'STANDARD_IA', ContentType: 'text/x-ia', Metadata: { m: '1' }, Tagging: 't=1' });
  await put('class/standard', 'standard', { StorageClass: 'STANDARD' });
  expect((await head('src', 'class/ia')).StorageClass).toBe('STANDARD_IA');
  expect((await head('src', 'class/standard')).StorageClass).toBeUndefined(); // S3 does not name STANDARD
  await copy({ from: 'class/ia', Key: 'class/glacier-ir', StorageClass: 'GLACIER_IR' });
  await copy({ from: 'class/ia', Key: 'class/none' });
  expect([(await head('dst', 'class/glacier-ir')).StorageClass, (await head('dst', 'class/none')).StorageClass]).toEqual(['GLACIER_IR', undefined]);
  expect(await failure(copy({ from: 'class/ia', Key: 'class/bad', StorageClass: 'ARCHIVE' as never }))).toEqual({ status: 400, code: 'InvalidStorageClass' });

  const before = await head('src', 'class/ia');
  const inPlace = await s3.send(new CopyObjectCommand({ Bucket: 'src', Key: 'class/ia', CopySource: 'src/class/ia', StorageClass: 'ONEZONE_IA' }));
  expect(inPlace.CopyObjectResult?.ETag).toBe(before.ETag);
  const after = await head('src', 'class/ia');
  expect([after.StorageClass, after.ContentType, after.Metadata, after.ETag]).toEqual(['ONEZONE_IA', 'text/x-ia', { m: '1' }, before.ETag]);
  expect([await text('src', 'class/ia'), await tags('src', 'class/ia')]).toEqual(['infrequent', [{ Key: 't', Value: '1' }]]);
  // Copying onto itself with nothing changed stays refused, as S3 refuses it.
  expect(await failure(s3.send(new CopyObjectCommand({ Bucket: 'src', Key: 'class/ia', CopySource: 'src/class/ia' })))).toEqual({ status: 400, code: 'InvalidRequest' });
});

describe('fault injection', () => {
  afterEach(async () => {
    expect((await local('faults', { method: 'DELETE' })).status).toBe(204);
  });

  it('fails the next matching requests with the given status and code, then lets them through', async () => {
    const bare = bareClient();
    const response = await fault({ method: 'PUT', bucket: 'src', keyPrefix: 'faulty/', status: 503, code: 'SlowDown', times: 2 });
    expect(response.status).toBe(201);
    const send = (Key: string) => bare.send(new PutObjectCommand({ Bucket: 'src', Key, Body: `body of ${Key}` }));
    await send('other/1'); // another prefix: untouched
    expect(await failure(send('faulty/1'))).toEqual({ status: 503, code: 'SlowDown' });
    expect(await failure(send('faulty/1'))).toEqual({ status: 503, code: 'SlowDown' });
    expect(await failure(head('src', 'faulty/1'))).toEqual(NOT_FOUND); // the failed writes never reached the store
    expect((await send('faulty/1')).$metadata.httpStatusCode).toBe(200);
    expect(await text('src', 'faulty/1')).toBe('body of faulty/1');
    expect(await (await local('faults')).json()).toEqual([]);
    bare.destroy();
  });

  it('stalls requests by delayMs: a client that times out gets a TimeoutError and its write never happens', async () => {
    const impatient = bareClient(300);
    await put('slow/1', 'slow body');
    expect((await fault({ method: 'GET', bucket: 'src', keyPrefix: 'slow/', delayMs: 600, times: 2 })).status).toBe(201);
    expect((await failure(impatient.send(new GetObjectCommand({ Bucket: 'src', Key: 'slow/1' })))).code).toBe('TimeoutError');
    const started = Date.now();
    expect(await text('src', 'slow/1')).toBe('slow body'); // stalled, then served
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    const quick = Date.now();
    expect(await text('src', 'slow/1')).toBe('slow body');
    expect(Date.now() - quick).toBeLessThan(550); // not stalled: the fault was spent

    await fault({ method: 'PUT', keyPrefix: 'slow/put', delayMs: 600 });
    expect((await failure(impatient.send(new PutObjectCommand({ Bucket: 'src', Key: 'slow/put', Body: 'late' })))).code).toBe('TimeoutError');
    await new Promise((r) => setTimeout(r, 700));
    expect(await failure(head('src', 'slow/put'))).toEqual(NOT_FOUND);
    impatient.destroy();
  });

  it('refuses a fault without a status or a delay, and DELETE clears the pending ones', async () => {
    expect((await fault({ method: 'PUT', times: 1 })).status).toBe(400);
    expect((await local('faults', { method: 'POST', body: 'not json' })).status).toBe(400);
    await fault({ method: 'PUT', bucket: 'src', status: 500, code: 'InternalError', times: 5 });
    expect(await (await local('faults', { method: 'DELETE' })).status).toBe(204);
    expect((await put('faulty/cleared')).$metadata.httpStatusCode).toBe(200);
  });
});

it('refuses an unknown access key with InvalidAccessKeyId 403, on s3rver’s operations and on the front’s own', async () => {
  const stranger = s3ClientFor(store.endpoint, 'nobody', 'nothing');
  const refused = { status: 403, code: 'InvalidAccessKeyId' };
  await put('creds/object');
  expect(await failure(stranger.send(new ListObjectsV2Command({ Bucket: 'src' })))).toEqual(refused);
  expect(await failure(stranger.send(new PutObjectCommand({ Bucket: 'src', Key: 'creds/new', Body: 'x' })))).toEqual(refused);
  expect(await failure(stranger.send(new GetObjectTaggingCommand({ Bucket: 'src', Key: 'creds/object' })))).toEqual(refused);
  expect(await failure(stranger.send(new RestoreObjectCommand({ Bucket: 'src', Key: 'creds/object', RestoreRequest: { Days: 1 } })))).toEqual(refused);
  expect(await failure(stranger.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'creds/new', CopySource: 'src/creds/object' })))).toEqual(refused);
  expect(await failure(head('src', 'creds/new'))).toEqual(NOT_FOUND);
  stranger.destroy();
});

it('stops on SIGTERM with exit code 0', async () => {
  await store.stop();
  expect([store.process.exitCode, store.process.signalCode]).toEqual([0, null]);
});
