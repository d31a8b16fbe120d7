/**
 * The local S3-compatible store: s3rver 3.7.1 in this process (shared/reference/runner-parts.md §1), behind a small
 * HTTP front on 127.0.0.1:S3_PORT that mends what the runner needs and s3rver gets wrong or lacks. Run it with
 * `node --openssl-legacy-provider` (s3rver's ListObjectsV2 page tokens use DES, which OpenSSL 3 refuses otherwise).
 *
 * Fixes and fills, each answering as AWS S3 does (status, error code, S3's error XML as s3rver writes it):
 *  - x-amz-copy-source: s3rver decodes it with decodeURI, so keys with + = & # ? , $ : ; @ failed and `?versionId=`
 *    was kept in the key. The front decodes it fully, drops `?versionId=` (buckets here are unversioned) and hands
 *    s3rver a form its decodeURI reads back exactly.
 *  - Tagging: s3rver's own tag store is lossy (a value "007" comes back "7", values are trimmed, `&` or `<` in a value
 *    corrupts the stored XML), and it ignores tags on PutObject and CopyObject and has no DeleteObjectTagging (501).
 *    The front keeps each object's tags itself, in a sidecar file next to the object (`<key>._S3rver_local.json`),
 *    and answers Get/Put/DeleteObjectTagging; PutObject takes `x-amz-tagging`; CopyObject copies the source's tags
 *    (`x-amz-tagging-directive` COPY, the default) or sets `x-amz-tagging` (REPLACE). Every write of an object
 *    (PutObject, CopyObject, CompleteMultipartUpload with CreateMultipartUpload's `x-amz-tagging`) resets its tags.
 *  - RestoreObject (s3rver: 501): 202 for an object that exists, 200 when it is restored already; every restore
 *    completes at once. HeadObject/GetObject then answer `x-amz-restore: ongoing-request="false", expiry-date=...`,
 *    and GET /__local/restores lists the accepted requests as JSON ({bucket, key, days, tier}).
 *  - Conditions: CopyObject's x-amz-copy-source-if-(none-)match / -if-(un)modified-since (s3rver ignores them) and
 *    GetObject/HeadObject's If-Match / If-Unmodified-Since (also ignored) are checked against the object first:
 *    412 PreconditionFailed, or 304 for If-None-Match / If-Modified-Since on GET and HEAD, with S3's precedence.
 *  - Storage classes: s3rver keeps PutObject's x-amz-storage-class but a copy kept the source's class and ignored the
 *    request's; the front sets the target's class to the request's (S3: STANDARD when none is given), checks it
 *    (InvalidStorageClass), lets an object be copied onto itself to change its class (s3rver: InvalidRequest), never
 *    answers x-amz-storage-class for STANDARD (as S3), and refuses GetObject and copies of GLACIER and DEEP_ARCHIVE
 *    objects that are not restored (403 InvalidObjectState).
 *  - Access keys: requests the front answers itself are refused with InvalidAccessKeyId as s3rver refuses its own.
 *  - Keys with "." or ".." path segments are refused (400 InvalidArgument; S3 takes them): s3rver would resolve them
 *    as file paths, onto other keys or outside the data folder.
 *  - Fault injection for tests (no signature needed): POST /__local/faults {method, bucket, keyPrefix, status, code,
 *    message, delayMs, times} makes the next `times` matching requests stall `delayMs` and/or fail with `status` and
 *    `code` before anything else happens; a stalled request whose client has given up is dropped, never executed.
 *    DELETE /__local/faults clears them, GET lists the ones left.
 *
 * Configuration: S3_PORT, S3_DIRECTORY (data folder), S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (S3RVER/S3RVER by
 * default; another pair is added to s3rver's accounts), S3_BUCKETS (comma-separated, created at start).
 */
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { XMLParser, XMLValidator } = require('fast-xml-parser');
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');
const S3Object = require('s3rver/lib/models/object');

const port = Number(process.env.S3_PORT || 4569);
const directory = process.env.S3_DIRECTORY || fs.mkdtempSync(path.join(os.tmpdir(), 's3-store-'));
const accessKeyId = process.env.S3_ACCESS_KEY_ID || 'S3RVER';
const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY || 'S3RVER';
const buckets = (process.env.S3_BUCKETS || '').split(',').map((b) => b.trim()).filter(Boolean);

if (accessKeyId !== 'S3RVER') AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
// s3rver's list predates these S3 classes.
S3Object.STORAGE_CLASSES.push('GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE');
const ARCHIVED = new Set(['GLACIER', 'DEEP_ARCHIVE']);
// Query parameters that make a request something other than a plain object GET/PUT/DELETE (s3rver's routes.js).
const SUBRESOURCES = new Set(['acl', 'legal-hold', 'retention', 'select', 'tagging', 'torrent', 'uploadId', 'uploads', 'restore', 'attributes']);

fs.mkdirSync(directory, { recursive: true });
const s3rver = new S3rver({ directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
const app = s3rver.callback();
const store = s3rver.store;
const faults = [];
const restores = [];
const uploadTags = new Map(); // uploadId → tags given to CreateMultipartUpload

// ---- errors, in s3rver's XML layout ----

class S3Failure extends Error {
  constructor(status, code, message, detail = {}) {
    super(message);
    Object.assign(this, { status, code, detail });
  }
}
// A carriage return as a character reference: XML readers turn a raw one into a line feed.
const escapeXml = (s) => String(s).replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c]);
const element = (name, value) => `<${name}>${escapeXml(value)}</${name}>`;
const noSuchBucket = (bucket) => new S3Failure(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
const noSuchKey = (key) => new S3Failure(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
const malformedXml = () => new S3Failure(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
const preconditionFailed = (condition) => new S3Failure(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
const invalidArgument = (message, name, value) => new S3Failure(400, 'InvalidArgument', message, { ArgumentName: name, ArgumentValue: value });

function sendError(req, res, error) {
  if (res.headersSent) return res.destroy();
  if (!(error instanceof S3Failure)) {
    process.stderr.write(`s3 store: ${req.method} ${req.url}: ${(error && error.stack) || error}\n`);
    error = new S3Failure(500, 'InternalError', 'We encountered an internal error. Please try again.');
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  const details = Object.entries(error.detail).map(([k, v]) => element(k, v)).join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${element('Code', error.code)}${element('Message', error.message)}${details}</Error>`;
  res.writeHead(error.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body); // S3 answers HEAD errors without a body
  req.resume(); // drop a request body nobody will read
}

// ---- what the front keeps per object: tags and restore, in a sidecar file s3rver neither lists nor serves ----

const sidecarPath = (bucket, key) => store.getResourcePath(bucket, key, 'local.json');
async function readSidecar(bucket, key) {
  try {
    return JSON.parse(await fs.promises.readFile(sidecarPath(bucket, key), 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return { tags: [] };
    throw error;
  }
}
let writes = 0;
async function writeSidecar(bucket, key, sidecar) {
  const file = sidecarPath(bucket, key);
  if (!sidecar.tags.length && !sidecar.restore) return fs.promises.rm(file, { force: true });
  const temporary = `${file}.${process.pid}.${++writes}.tmp`; // write and rename: a reader never sees half a file
  await fs.promises.writeFile(temporary, JSON.stringify(sidecar));
  await fs.promises.rename(temporary, file);
}
const restored = (sidecar) => Boolean(sidecar.restore && Date.parse(sidecar.restore.expiry) > Date.now());

async function bucketOrFail(bucket) {
  if (!(await store.getBucket(bucket))) throw noSuchBucket(bucket);
}
/** s3rver's metadata of an existing object (etag, last-modified, content-type, x-amz-storage-class, ...). */
async function objectOrFail(bucket, key) {
  await bucketOrFail(bucket);
  return store.getMetadata(bucket, key).catch((error) => {
    throw error.code === 'ENOENT' ? noSuchKey(key) : error;
  });
}

// ---- tags ----

const xml = new XMLParser({ parseTagValue: false, trimValues: false, ignoreAttributes: true, processEntities: true, htmlEntities: true, ignoreDeclaration: true });
function parseXml(text) {
  if (!text.trim() || XMLValidator.validate(text) !== true) throw malformedXml();
  return xml.parse(text);
}
function tagsOfXml(text) {
  const tagSet = parseXml(text).Tagging?.TagSet;
  if (tagSet === undefined) throw malformedXml();
  const list = tagSet === '' ? [] : [].concat(tagSet.Tag ?? []);
  return list.map((t) => {
    if (typeof t !== 'object' || typeof t.Key !== 'string' || typeof (t.Value ?? '') !== 'string') throw malformedXml();
    return { Key: t.Key, Value: t.Value ?? '' };
  });
}
/** `x-amz-tagging`: URL query parameters, as S3 reads them. */
const tagsOfHeader = (header) => [...new URLSearchParams(String(header))].map(([Key, Value]) => ({ Key, Value }));
function checkTags(tags, header) {
  if (tags.length > 10) throw new S3Failure(400, 'BadRequest', 'Object tags cannot be greater than 10');
  const keys = new Set();
  for (const { Key, Value } of tags) {
    if (keys.has(Key)) {
      if (header) throw invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", 'x-amz-tagging', header);
      throw new S3Failure(400, 'InvalidTag', 'Cannot provide multiple Tags with the same key', { TagKey: Key });
    }
    keys.add(Key);
    if (!Key.length) throw new S3Failure(400, 'InvalidTag', 'The TagKey you have provided is invalid', { TagKey: Key });
    if (Key.length > 128) throw new S3Failure(400, 'InvalidTag', 'The TagKey you have provided is too long, max 128', { TagKey: Key });
    if (Value.length > 256) throw new S3Failure(400, 'InvalidTag', 'The TagValue you have provided is too long, max 256', { TagKey: Key, TagValue: Value });
  }
  return tags;
}
const taggingXml = (tags) =>
  '<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>' +
  tags.map((t) => `<Tag>${element('Key', t.Key)}${element('Value', t.Value)}</Tag>`).join('') +
  '</TagSet></Tagging>';

// ---- conditions (RFC 7232 precedence, as S3 applies it) ----

/** Undefined when the conditions hold; otherwise the failed one and its status (304 only for GET/HEAD). */
function failedCondition(meta, [ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince], names) {
  const etag = String(meta.etag).replace(/"/g, '');
  const modified = Date.parse(meta['last-modified']);
  const matches = (list) => String(list).split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '').replace(/"/g, '') === etag);
  const date = (value) => (value === undefined ? NaN : Date.parse(String(value)));
  if (ifMatch !== undefined) {
    if (!matches(ifMatch)) return { status: 412, condition: names[0] };
  } else if (modified > date(ifUnmodifiedSince)) return { status: 412, condition: names[3] };
  if (ifNoneMatch !== undefined) {
    if (matches(ifNoneMatch)) return { status: 304, condition: names[1] };
  } else if (modified <= date(ifModifiedSince)) return { status: 304, condition: names[2] };
  return undefined;
}
const GET_CONDITIONS = ['If-Match', 'If-None-Match', 'If-Modified-Since', 'If-Unmodified-Since'];
const COPY_CONDITIONS = GET_CONDITIONS.map((name) => `x-amz-copy-source-${name}`);

// ---- handing requests to s3rver ----

/**
 * Hands the request to s3rver's Koa app. `after(status, body)` runs when s3rver ends its answer and before the answer
 * leaves (s3rver ends its small, non-streamed answers with one res.end); `headers(res)` adjusts a 2xx answer's headers.
 */
function pass(req, res, { after, headers } = {}) {
  if (headers) {
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      res.writeHead = writeHead;
      if (res.statusCode < 300) headers(res);
      return writeHead.apply(this, args);
    };
  }
  if (after) {
    const end = res.end;
    res.end = function (chunk, encoding, callback) {
      res.end = end;
      Promise.resolve()
        .then(() => after(res.statusCode, chunk))
        .then(() => res.end(chunk, encoding, callback), (error) => sendError(req, res, error));
      return res;
    };
  }
  app(req, res);
}

const readBody = (req, limit = 1 << 20) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) reject(new S3Failure(400, 'MaxMessageLengthExceeded', 'Your request was too big.'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

// ---- the operations the front answers or completes ----

async function getTagging(req, res, bucket, key) {
  await objectOrFail(bucket, key);
  const body = taggingXml((await readSidecar(bucket, key)).tags);
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }).end(body);
}

async function putTagging(req, res, bucket, key) {
  const tags = checkTags(tagsOfXml(await readBody(req)));
  await objectOrFail(bucket, key);
  await writeSidecar(bucket, key, { ...(await readSidecar(bucket, key)), tags });
  res.writeHead(200, { 'content-length': 0 }).end();
}

async function deleteTagging(req, res, bucket, key) {
  await objectOrFail(bucket, key);
  await writeSidecar(bucket, key, { ...(await readSidecar(bucket, key)), tags: [] });
  res.writeHead(204).end();
}

async function restore(req, res, bucket, key) {
  const request = parseXml(await readBody(req)).RestoreRequest;
  const days = Number(request?.Days);
  const tier = request?.GlacierJobParameters?.Tier ?? request?.Tier ?? 'Standard';
  if (!Number.isInteger(days) || days < 1 || !['Standard', 'Bulk', 'Expedited'].includes(tier)) throw malformedXml();
  await objectOrFail(bucket, key);
  const sidecar = await readSidecar(bucket, key);
  const again = restored(sidecar);
  // S3: the restore's time plus the days, rounded up to the next midnight UTC.
  const expiry = new Date(Date.now() + days * 86_400_000);
  expiry.setUTCHours(24, 0, 0, 0);
  await writeSidecar(bucket, key, { ...sidecar, restore: { days, tier, expiry: expiry.toUTCString() } });
  restores.push({ bucket, key, days, tier });
  res.writeHead(again ? 200 : 202, { 'content-length': 0 }).end();
}

async function getObject(req, res, bucket, key) {
  const meta = await store.getMetadata(bucket, key).catch(() => undefined);
  if (!meta) return pass(req, res); // s3rver answers NoSuchBucket / NoSuchKey / 404
  const sidecar = await readSidecar(bucket, key);
  const storageClass = meta['x-amz-storage-class'];
  if (req.method === 'GET' && ARCHIVED.has(storageClass) && !restored(sidecar)) {
    throw new S3Failure(403, 'InvalidObjectState', "The operation is not valid for the object's storage class", { StorageClass: storageClass });
  }
  const names = GET_CONDITIONS.map((n) => n.toLowerCase());
  const failed = failedCondition(meta, names.map((n) => req.headers[n]), GET_CONDITIONS);
  if (failed && failed.status === 304) {
    res.writeHead(304, { etag: meta.etag, 'last-modified': meta['last-modified'] }).end();
    return;
  }
  if (failed) throw preconditionFailed(failed.condition);
  for (const n of names) delete req.headers[n]; // decided here; s3rver's own checks are partial
  pass(req, res, {
    headers(answer) {
      if (answer.getHeader('x-amz-storage-class') === 'STANDARD') answer.removeHeader('x-amz-storage-class');
      if (sidecar.restore) answer.setHeader('x-amz-restore', `ongoing-request="false", expiry-date="${sidecar.restore.expiry}"`);
    },
  });
}

function putObject(req, res, bucket, key) {
  const header = req.headers['x-amz-tagging'];
  const tags = header === undefined ? [] : checkTags(tagsOfHeader(header), header);
  pass(req, res, { after: (status) => status === 200 && writeSidecar(bucket, key, { tags }) });
}

/** s3rver keeps key "a/b" in the file a/b._S3rver_object: "." and ".." parts would land elsewhere, even outside the
 * data folder. S3 takes such keys; this store refuses them. */
function checkParts(bucket, key) {
  if ([bucket, ...key.split('/')].some((part) => part === '.' || part === '..')) {
    throw invalidArgument('The local store cannot keep keys with "." or ".." path segments.', 'key', `${bucket}/${key}`);
  }
}

function parseCopySource(raw) {
  const value = String(raw);
  const at = value.lastIndexOf('?versionId=');
  let decoded;
  try {
    decoded = decodeURIComponent((at < 0 ? value : value.slice(0, at)).replace(/^\//, ''));
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', value);
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 'x-amz-copy-source', value);
  }
  checkParts(decoded.slice(0, slash), decoded.slice(slash + 1));
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

async function copyObject(req, res, bucket, key) {
  const h = req.headers;
  const source = parseCopySource(h['x-amz-copy-source']);
  h['x-amz-copy-source'] = encodeURI(`${source.bucket}/${source.key}`); // what s3rver's decodeURI reads back exactly
  for (const [name, what] of [['x-amz-metadata-directive', 'metadata'], ['x-amz-tagging-directive', 'tagging']]) {
    if (h[name] !== undefined && h[name] !== 'COPY' && h[name] !== 'REPLACE') throw invalidArgument(`Unknown ${what} directive.`, name, h[name]);
  }
  const newTags = h['x-amz-tagging-directive'] === 'REPLACE' ? checkTags(tagsOfHeader(h['x-amz-tagging'] ?? ''), h['x-amz-tagging']) : undefined;
  const storageClass = h['x-amz-storage-class'];
  if (storageClass !== undefined && !S3Object.STORAGE_CLASSES.includes(storageClass)) {
    throw new S3Failure(400, 'InvalidStorageClass', 'The storage class you specified is not valid', { StorageClassRequested: storageClass });
  }
  await bucketOrFail(bucket);
  const meta = await objectOrFail(source.bucket, source.key);
  const sidecar = await readSidecar(source.bucket, source.key);
  if (ARCHIVED.has(meta['x-amz-storage-class']) && !restored(sidecar)) {
    throw new S3Failure(403, 'InvalidObjectState', "The operation is not valid for the object's storage class", { StorageClass: meta['x-amz-storage-class'] });
  }
  const failed = failedCondition(meta, COPY_CONDITIONS.map((n) => h[n.toLowerCase()]), COPY_CONDITIONS);
  if (failed) throw preconditionFailed(failed.condition); // a copy answers 412 for all four
  // S3 copies an object onto itself when its storage class, encryption or redirect changes; s3rver only when the
  // metadata is replaced, so the copy goes to s3rver as a REPLACE carrying the object's own metadata.
  const changes = ['x-amz-storage-class', 'x-amz-server-side-encryption', 'x-amz-website-redirect-location'].some((n) => h[n] !== undefined);
  if (source.bucket === bucket && source.key === key && h['x-amz-metadata-directive'] !== 'REPLACE' && changes) {
    const own = (n) => n.startsWith('x-amz-meta-') || (S3Object.ALLOWED_METADATA.includes(n) && n !== 'x-amz-storage-class' && n !== 'x-amz-website-redirect-location');
    for (const n of Object.keys(h)) if (own(n)) delete h[n];
    for (const [n, v] of Object.entries(meta)) if (own(n)) h[n] = v;
    h['x-amz-metadata-directive'] = 'REPLACE';
  }
  const tags = newTags ?? sidecar.tags;
  // The target's class is the request's (S3: STANDARD when none is given); s3rver gave it the source's unless the
  // metadata was replaced. STANDARD is never answered, so it counts as none.
  const named = (c) => (c && c !== 'STANDARD' ? c : undefined);
  const wanted = named(storageClass);
  const written = named(h['x-amz-metadata-directive'] === 'REPLACE' ? storageClass : meta['x-amz-storage-class']);
  pass(req, res, {
    async after(status) {
      if (status !== 200) return;
      await writeSidecar(bucket, key, { tags }); // a new object: its tags, no restore
      if (written === wanted) return;
      const { 'x-amz-storage-class': _, ...target } = await store.getMetadata(bucket, key);
      await store.putMetadata(bucket, key, wanted ? { ...target, 'x-amz-storage-class': wanted } : target);
    },
  });
}

// ---- routing ----

function accessKeyOf(req, query) {
  const auth = req.headers.authorization;
  if (auth) return (/Credential=([^/,\s]+)\//.exec(auth) || /^AWS ([^:\s]+):/.exec(auth) || [])[1];
  return (query.get('X-Amz-Credential') || '').split('/')[0] || query.get('AWSAccessKeyId') || undefined;
}

/** True when a fault answered the request, or stalled it until its client went away. */
async function injectFault(req, res, bucket, key) {
  const fault = faults.find(
    (f) => f.times > 0 && (!f.method || f.method.toUpperCase() === req.method) && (!f.bucket || f.bucket === bucket) && key.startsWith(f.keyPrefix || ''),
  );
  if (!fault) return false;
  fault.times--;
  if (fault.delayMs) {
    let gone = false;
    res.once('close', () => (gone = true));
    await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (gone || res.destroyed) return true; // never executed: a timed-out client must not find half a write
  }
  if (!fault.status) return false;
  sendError(req, res, new S3Failure(fault.status, fault.code || 'InternalError', fault.message || `injected fault (${fault.code || fault.status})`));
  return true;
}

async function local(req, res, pathname) {
  const json = (status, value) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (pathname === '/__local/faults' && req.method === 'POST') {
    let fault;
    try {
      fault = JSON.parse(await readBody(req));
    } catch {
      return json(400, { error: 'the body must be a JSON fault' });
    }
    const valid = fault && typeof fault === 'object' && (Number.isInteger(fault.status) || fault.delayMs > 0) && (fault.times === undefined || Number.isInteger(fault.times));
    if (!valid) return json(400, { error: 'a fault needs a status or a delayMs (and times, 1 by default)' });
    faults.push({ ...fault, times: fault.times ?? 1 });
    return json(201, faults[faults.length - 1]);
  }
  if (pathname === '/__local/faults' && req.method === 'DELETE') return faults.splice(0), res.writeHead(204).end();
  if (pathname === '/__local/faults' && req.method === 'GET') return json(200, faults.filter((f) => f.times > 0));
  if (pathname === '/__local/restores' && req.method === 'GET') return json(200, restores);
  json(404, { error: `no route ${req.method} ${pathname}` });
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://store');
  if (url.pathname.startsWith('/__local/')) return local(req, res, url.pathname);
  const id = accessKeyOf(req, url.searchParams);
  if (id !== undefined && !AWSAccount.registry.has(id)) {
    throw new S3Failure(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: id });
  }
  // The path as sent, as s3rver's router reads it (new URL() would resolve "a/../b").
  const [, rawBucket = '', ...rest] = req.url.split('?')[0].split('/');
  let bucket, key;
  try {
    [bucket, key] = [decodeURIComponent(rawBucket), decodeURIComponent(rest.join('/'))];
  } catch {
    throw new S3Failure(400, 'InvalidURI', "Couldn't parse the specified URI.", { URI: req.url });
  }
  checkParts(bucket, key);
  if (await injectFault(req, res, bucket, key)) return;
  if (!bucket || !key) return pass(req, res); // the service and the buckets: s3rver as it is

  const q = url.searchParams;
  const subresource = [...q.keys()].find((k) => SUBRESOURCES.has(k));
  const method = req.method;
  if (subresource === 'tagging' && method === 'GET') return getTagging(req, res, bucket, key);
  if (subresource === 'tagging' && method === 'PUT') return putTagging(req, res, bucket, key);
  if (subresource === 'tagging' && method === 'DELETE') return deleteTagging(req, res, bucket, key);
  if (subresource === 'restore' && method === 'POST') return restore(req, res, bucket, key);
  if (subresource === undefined && method === 'PUT') {
    return req.headers['x-amz-copy-source'] !== undefined ? copyObject(req, res, bucket, key) : putObject(req, res, bucket, key);
  }
  if (subresource === undefined && (method === 'GET' || method === 'HEAD')) return getObject(req, res, bucket, key);
  if (subresource === undefined && method === 'DELETE') {
    await fs.promises.rm(sidecarPath(bucket, key), { force: true }).catch(() => {}); // before s3rver tidies the folder
    return pass(req, res);
  }
  if (subresource === 'uploads' && method === 'POST') {
    const header = req.headers['x-amz-tagging'];
    const tags = header === undefined ? [] : checkTags(tagsOfHeader(header), header);
    return pass(req, res, {
      after(status, body) {
        const uploadId = status === 200 && /<UploadId>([^<]+)<\/UploadId>/.exec(String(body))?.[1];
        if (uploadId) uploadTags.set(uploadId, tags);
      },
    });
  }
  if (subresource === 'uploadId' && method === 'DELETE') uploadTags.delete(q.get('uploadId'));
  if (subresource === 'uploadId' && method === 'POST') {
    const uploadId = q.get('uploadId');
    return pass(req, res, {
      async after(status) {
        if (status !== 200) return;
        await writeSidecar(bucket, key, { tags: uploadTags.get(uploadId) ?? [] });
        uploadTags.delete(uploadId);
      },
    });
  }
  pass(req, res);
}

(async () => {
  await s3rver.configureBuckets();
  const front = http.createServer((req, res) => handle(req, res).catch((error) => sendError(req, res, error)));
  front.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => front.once('error', reject).listen(port, '127.0.0.1', resolve));
  process.stdout.write(`s3 store listening on ${port}\n`);
  const stop = () => {
    // Requests under way may finish (2 s at most); idle keep-alive connections close now.
    front.close(() => process.exit(0));
    front.closeIdleConnections();
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
})().catch((error) => {
  process.stderr.write(`s3 store failed: ${(error && error.stack) || error}\n`);
  process.exit(1);
});
