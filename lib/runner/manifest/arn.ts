/**
 * The ARNs a job names objects and buckets with, COS's (`qcs::cos:…`) and AWS's (`arn:aws:s3:::…`), and the bucket
 * name and key rules that manifests share with them. Every bucket named is a bucket of the configured storage: the
 * region and appid are checked for form only.
 */

export type Problem = { problem: string };

const MAX_ECHO = 100;

/** `value` quoted for a problem message, cut to 100 characters so that a message never carries a whole input. */
export function excerpt(input: string, max = MAX_ECHO): string {
  const value = String(input); // values from JSON or DynamoDB may not be the strings their types promise
  if (value.length <= max) return JSON.stringify(value);
  let cut = max;
  const last = value.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // do not split a surrogate pair
  return `${JSON.stringify(value.slice(0, cut))}…`;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * S3's rules, which COS names (`<name>-<appid>`) also follow: 3–63 characters of a-z 0-9 . -, a letter or digit at
 * each end, no `..`, not an IP address. The `-<appid>` suffix is not required: the AWS dialect has none.
 */
export function isBucketName(name: string): boolean {
  if (name === lastBucketName) return true;
  if (!BUCKET.test(name) || name.includes('..') || IPV4.test(name)) return false;
  lastBucketName = name;
  return true;
}

/** Most manifests name one bucket on every line: the last good name is not checked again. */
let lastBucketName = '';

export const MAX_KEY_BYTES = 1024;
/** With the u flag a surrogate pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `key` cannot name an object (as a phrase after "the key"), or undefined. */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'is empty';
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) return `is longer than ${MAX_KEY_BYTES} bytes (${bytes} bytes in UTF-8)`;
  // A lone surrogate cannot be sent: UTF-8 would turn it into U+FFFD and name another object.
  if (LONE_SURROGATE.test(key)) return 'is not valid Unicode (it has a lone surrogate)';
  return undefined;
}

const AWS_PREFIX = 'arn:aws:s3:::';
const COS_PREFIX = 'qcs::cos:';
/** ap-guangzhou, ap-shanghai-fsi, na-siliconvalley, us-east-1, eu-west-3 … */
const REGION = /^[a-z]{2,12}(-[a-z0-9]{1,20}){1,3}$/;
const ACCOUNT = /^uid\/\d{1,20}$/;
const FORMS = 'qcs::cos:<region>::<bucket>, qcs::cos:<region>:uid/<appid>:<bucket> or arn:aws:s3:::<bucket>';

/** The bucket and the text after its `/` (undefined without a `/`), or why the ARN names no bucket. */
function split(arn: string): { bucket: string; rest: string | undefined } | Problem {
  let resource: string;
  if (arn.startsWith(AWS_PREFIX)) {
    resource = arn.slice(AWS_PREFIX.length);
  } else if (arn.startsWith(COS_PREFIX)) {
    // Neither a region nor an account holds a ':', and a bucket name cannot: the resource is what follows the
    // second ':', and a key in it may hold any ':' it likes.
    const afterRegion = arn.indexOf(':', COS_PREFIX.length);
    const afterAccount = afterRegion < 0 ? -1 : arn.indexOf(':', afterRegion + 1);
    if (afterAccount < 0) return { problem: `${excerpt(arn)} is not an ARN of the form ${FORMS}` };
    const region = arn.slice(COS_PREFIX.length, afterRegion);
    const account = arn.slice(afterRegion + 1, afterAccount);
    if (!REGION.test(region)) return { problem: `${excerpt(arn)} names the region ${excerpt(region, 40)}, which is not a region such as ap-guangzhou` };
    if (account !== '' && !ACCOUNT.test(account)) return { problem: `${excerpt(arn)} has ${excerpt(account, 40)} where uid/<appid> (or nothing) belongs` };
    resource = arn.slice(afterAccount + 1);
  } else if (arn === '') {
    return { problem: `is empty; it must be an ARN of the form ${FORMS}` };
  } else if (isBucketName(arn)) {
    return { problem: `${excerpt(arn)} is a bucket name, not an ARN; write it as ${FORMS}` };
  } else {
    return { problem: `${excerpt(arn)} is not an ARN of the form ${FORMS}` };
  }
  const slash = resource.indexOf('/');
  const bucket = slash < 0 ? resource : resource.slice(0, slash);
  if (bucket === '') return { problem: `${excerpt(arn)} names no bucket` };
  if (!isBucketName(bucket)) return { problem: `${excerpt(arn)} names ${excerpt(bucket, 70)}, which is not a bucket name` };
  return { bucket, rest: slash < 0 ? undefined : resource.slice(slash + 1) };
}

/** An object ARN (a job's manifest): the key is everything after the bucket's `/`, as it is (not URL-decoded). */
export function parseObjectArn(arn: string): { bucket: string; key: string } | Problem {
  const parsed = split(arn);
  if ('problem' in parsed) return parsed;
  if (parsed.rest === undefined || parsed.rest === '') return { problem: `${excerpt(arn)} names the bucket ${parsed.bucket} but no object key` };
  const problem = keyProblem(parsed.rest);
  if (problem !== undefined) return { problem: `the key in ${excerpt(arn)} ${problem}` };
  return { bucket: parsed.bucket, key: parsed.rest };
}

/** A bucket ARN (copy's TargetResource, Report.Bucket): nothing may follow the bucket, not even a `/`. */
export function parseBucketArn(arn: string): { bucket: string } | Problem {
  const parsed = split(arn);
  if ('problem' in parsed) return parsed;
  if (parsed.rest !== undefined) return { problem: `${excerpt(arn)} names an object path after the bucket; it must name the bucket alone` };
  return { bucket: parsed.bucket };
}
