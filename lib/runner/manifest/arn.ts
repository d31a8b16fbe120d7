/** The ARNs a job names objects and buckets with: COS (`qcs::cos:…`) and AWS (`arn:aws:s3:::…`). */
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

type Parsed = { bucket: string; rest: string | undefined } | { problem: string };

function split(arn: string): Parsed {
  let resource: string;
  if (arn.startsWith('arn:aws:s3:::')) {
    resource = arn.slice('arn:aws:s3:::'.length);
  } else {
    const cos = /^qcs::cos:([^:]*):(?:uid\/(\d+))?:(.*)$/s.exec(arn);
    if (!cos) return { problem: 'is not a COS (qcs::cos:<region>:[uid/<appid>]:<bucket>) or S3 (arn:aws:s3:::<bucket>) ARN' };
    if (!REGION.test(cos[1]!)) return { problem: `names no valid region ("${cos[1]!.slice(0, 40)}")` };
    resource = cos[3]!;
  }
  const slash = resource.indexOf('/');
  const bucket = slash < 0 ? resource : resource.slice(0, slash);
  if (!BUCKET.test(bucket)) return { problem: `names no valid bucket ("${bucket.slice(0, 70)}")` };
  return { bucket, rest: slash < 0 ? undefined : resource.slice(slash + 1) };
}

export function parseObjectArn(arn: string): { bucket: string; key: string } | { problem: string } {
  const parsed = split(arn);
  if ('problem' in parsed) return parsed;
  if (!parsed.rest) return { problem: 'names a bucket but no object key' };
  return { bucket: parsed.bucket, key: parsed.rest };
}

export function parseBucketArn(arn: string): { bucket: string } | { problem: string } {
  const parsed = split(arn);
  if ('problem' in parsed) return parsed;
  if (parsed.rest !== undefined) return { problem: 'names an object, not a bucket' };
  return { bucket: parsed.bucket };
}
