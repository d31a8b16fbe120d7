/**
 * The Storage port on `@aws-sdk/client-s3`: AWS S3, COS through its S3-compatible endpoint, MinIO, or the local
 * store (scripts/s3-store.ts). Each call is one S3 request; every failure becomes a StorageError carrying the
 * storage's HTTP status, error code and message, which is what a task's report line records.
 */
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  RestoreObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { StorageError, type ObjectHead, type ObjectRef, type Storage, type StorageCall, type Tag } from '../runner/ports';

export interface S3StorageConfig {
  /** Unset: AWS S3 in the function's region. */
  readonly endpoint?: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** One request's limit (RUNNER_STORAGE_TIMEOUT_MS); a request past it fails as a retryable timeout. */
  readonly requestTimeoutMs?: number;
}

/** Bounds on one S3 request; the runner's own retries (lib/runner/retry.ts) come on top of none of the SDK's. */
export const S3_LIMITS = { connectionTimeoutMs: 2_000 } as const;

export function createS3Client(config: S3StorageConfig): S3Client {
  const options: S3ClientConfig = {
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    // The runner retries itself, so that every attempt's answer can be recorded and counted.
    maxAttempts: 1,
    // Streamed bodies must go as they are: with the SDK's default some S3-compatible stores keep the aws-chunked
    // framing inside the object (runner-parts.md §1.3).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: S3_LIMITS.connectionTimeoutMs, requestTimeout: config.requestTimeoutMs ?? 30_000, throwOnRequestTimeout: true },
    ...(config.endpoint && { endpoint: config.endpoint }),
    ...(config.credentials && { credentials: config.credentials }),
  };
  return new S3Client(options);
}

const THROTTLING = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequests', 'TooManyRequestsException']);

/** Any SDK or socket error as a StorageError: status 0 when no HTTP answer came (a timeout, a refused connection). */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    Code?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode ?? 0;
  const code = e.Code ?? (e.name && e.name !== 'Error' && e.name !== 'S3ServiceException' ? e.name : undefined) ?? e.code ?? 'NetworkError';
  const retryable = status === 0 || status >= 500 || status === 429 || THROTTLING.has(code) || code === 'RequestTimeout';
  const message = (e.message && e.message !== 'UnknownError' ? e.message : `${status} ${code}`).slice(0, 300);
  return new StorageError(status, code, message, retryable);
}

async function call<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw toStorageError(error);
  }
}

/** `x-amz-tagging`: a URL query of the tags. */
const taggingHeader = (tags: readonly Tag[]) => tags.map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`).join('&');

/** `x-amz-copy-source`: bucket and key, each URL-encoded (slashes kept), and the version. */
export function copySource(source: ObjectRef): string {
  const key = source.key.split('/').map(encodeURIComponent).join('/');
  return `${encodeURIComponent(source.bucket)}/${key}${source.versionId ? `?versionId=${encodeURIComponent(source.versionId)}` : ''}`;
}

export class S3Storage implements Storage {
  constructor(private readonly client: S3Client) {}

  async checkBucket(bucket: string): Promise<void> {
    await call(this.client.send(new HeadBucketCommand({ Bucket: bucket })));
  }

  async head(object: ObjectRef): Promise<ObjectHead> {
    const out = await call(this.client.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId })));
    return {
      etag: out.ETag ?? '',
      size: out.ContentLength ?? 0,
      ...(out.LastModified && { lastModified: out.LastModified }),
      metadata: out.Metadata ?? {},
      ...(out.ContentType && { contentType: out.ContentType }),
      ...(out.CacheControl && { cacheControl: out.CacheControl }),
      ...(out.ContentDisposition && { contentDisposition: out.ContentDisposition }),
      ...(out.ContentEncoding && { contentEncoding: out.ContentEncoding }),
      ...(out.ContentLanguage && { contentLanguage: out.ContentLanguage }),
      ...(out.Expires && { expires: out.Expires }),
    };
  }

  async getTags(object: ObjectRef): Promise<readonly Tag[]> {
    const out = await call(this.client.send(new GetObjectTaggingCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId })));
    return (out.TagSet ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
  }

  async *read(object: ObjectRef, options: { start?: number; ifMatch?: string }): AsyncIterable<Uint8Array> {
    const out = await call(
      this.client.send(
        new GetObjectCommand({
          Bucket: object.bucket,
          Key: object.key,
          VersionId: object.versionId,
          ...(options.start && { Range: `bytes=${options.start}-` }),
          ...(options.ifMatch && { IfMatch: `"${options.ifMatch}"` }),
        }),
      ),
    ).catch((error: StorageError) => {
      // A range that starts at the end of the object is an empty rest, not an error.
      if (error.status === 416) return undefined;
      throw error;
    });
    const body = out?.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (!body) return;
    try {
      for await (const bytes of body) yield bytes;
    } catch (error) {
      throw toStorageError(error);
    } finally {
      body.destroy?.(); // a reader that stops early frees the connection
    }
  }

  async send(c: StorageCall): Promise<void> {
    switch (c.kind) {
      case 'copy': {
        await call(
          this.client.send(
            new CopyObjectCommand({
              Bucket: c.target.bucket,
              Key: c.target.key,
              CopySource: copySource(c.source),
              MetadataDirective: c.metadataDirective,
              ...(c.metadata && { Metadata: { ...c.metadata } }),
              ...c.headers,
              TaggingDirective: c.taggingDirective,
              ...(c.tags && { Tagging: taggingHeader(c.tags) }),
              ...(c.storageClass && { StorageClass: c.storageClass as never }),
              ...(c.serverSideEncryption && { ServerSideEncryption: c.serverSideEncryption as never }),
              ...(c.acl && { ACL: c.acl as never }),
              ...c.grants,
              ...(c.ifModifiedSince && { CopySourceIfModifiedSince: c.ifModifiedSince }),
              ...(c.ifUnmodifiedSince && { CopySourceIfUnmodifiedSince: c.ifUnmodifiedSince }),
            }),
          ),
        );
        return;
      }
      case 'put-tags':
        await call(
          this.client.send(
            new PutObjectTaggingCommand({
              Bucket: c.object.bucket,
              Key: c.object.key,
              VersionId: c.object.versionId,
              Tagging: { TagSet: c.tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
            }),
          ),
        );
        return;
      case 'delete-tags':
        await call(this.client.send(new DeleteObjectTaggingCommand({ Bucket: c.object.bucket, Key: c.object.key, VersionId: c.object.versionId })));
        return;
      case 'restore':
        await call(
          this.client.send(
            new RestoreObjectCommand({
              Bucket: c.object.bucket,
              Key: c.object.key,
              VersionId: c.object.versionId,
              RestoreRequest: { Days: c.days, GlacierJobParameters: { Tier: c.tier as never } },
            }),
          ),
        );
        return;
    }
  }

  async put(bucket: string, key: string, body: string, contentType: string): Promise<void> {
    await call(this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType })));
  }

  async *list(bucket: string, prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await call(this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })));
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async deleteKeys(bucket: string, keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      await call(
        this.client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }),
        ),
      );
    }
  }
}
