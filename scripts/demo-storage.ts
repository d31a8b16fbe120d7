/**
 * The local store's demo data, seeded by `npm start`: a bucket of objects and the manifests that examples/*.xml
 * name, so that each example runs to its end as it is. Everything is fixed, so the manifests' ETags (MD5 of their
 * bytes) are the ones the example files give; test/unit/demo-storage.test.ts keeps the two in step.
 */
import { createHash } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export const DEMO_SOURCE_BUCKET = 'examplebucket-1250000000';
export const DEMO_TARGET_BUCKET = 'backupbucket-1250000000';
export const DEMO_BUCKETS = [DEMO_SOURCE_BUCKET, DEMO_TARGET_BUCKET] as const;

/** 24 small objects, names with a space, a plus and non-ASCII included (manifests URL-encode keys). */
export const DEMO_OBJECTS: readonly string[] = [
  ...Array.from({ length: 20 }, (_, i) => `photos/${String(i + 1).padStart(4, '0')}.jpg`),
  'docs/annual report 2025.pdf',
  'docs/q1+q2 summary.txt',
  'docs/報告書.txt',
  'logs/2026/11/28/app.log',
];

const line = (bucket: string, key: string, version?: string) =>
  `${bucket},${encodeURIComponent(key).replace(/%2F/g, '/')}${version === undefined ? '' : `,${version}`}\n`;

/** The manifests examples/*.xml name (restore's has a VersionId column, empty: the latest version). */
export const DEMO_MANIFESTS: Readonly<Record<string, string>> = {
  'manifests/objects.csv': DEMO_OBJECTS.map((key) => line(DEMO_SOURCE_BUCKET, key)).join(''),
  'manifests/archived.csv': DEMO_OBJECTS.filter((key) => key.startsWith('logs/') || key.startsWith('docs/'))
    .map((key) => line(DEMO_SOURCE_BUCKET, key, ''))
    .join(''),
};

export const etagOf = (body: string): string => createHash('md5').update(body).digest('hex');

export async function seedDemoStorage(s3: S3Client): Promise<void> {
  for (const bucket of DEMO_BUCKETS) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
      if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
    });
  }
  for (const key of DEMO_OBJECTS) {
    await s3.send(new PutObjectCommand({ Bucket: DEMO_SOURCE_BUCKET, Key: key, Body: `demo object ${key}\n`, ContentType: 'text/plain', Metadata: { origin: 'demo' } }));
  }
  for (const [key, body] of Object.entries(DEMO_MANIFESTS)) {
    await s3.send(new PutObjectCommand({ Bucket: DEMO_SOURCE_BUCKET, Key: key, Body: body, ContentType: 'text/csv' }));
  }
}
