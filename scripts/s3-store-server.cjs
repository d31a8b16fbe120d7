/**
 * The local S3-compatible store: s3rver 3.7.1 (shared/reference/runner-parts.md §1) on a private port, behind a
 * small front on S3_PORT that mends what the runner needs and s3rver gets wrong or lacks:
 *  - `x-amz-copy-source` is re-encoded (s3rver decodes it with decodeURI: keys with + = & # ? failed);
 *  - RestoreObject answers 202 for an existing object and is recorded (GET /__local/restores);
 *  - DeleteObjectTagging is a PutObjectTagging with no tags, answered 204;
 *  - tags on PutObject (`x-amz-tagging`) and CopyObject (`x-amz-tagging-directive` COPY, the default, copies the
 *    source's tags; REPLACE sets `x-amz-tagging`) are applied after the write;
 *  - copy conditions (`x-amz-copy-source-if-match`, `-if-none-match`, `-if-modified-since`, `-if-unmodified-since`)
 *    are checked against the source first, 412 PreconditionFailed as S3 answers;
 *  - fault injection for tests: POST /__local/faults {method, bucket, keyPrefix, status, code | delayMs, times}.
 * Run with `node --openssl-legacy-provider` (s3rver's ListObjectsV2 page tokens use DES).
 */
'use strict';
const http = require('node:http');
const S3rver = require('s3rver');

const port = Number(process.env.S3_PORT || 4569);
const directory = process.env.S3_DIRECTORY;
const accessKeyId = process.env.S3_ACCESS_KEY_ID || 'S3RVER';
const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY || 'S3RVER';
const buckets = (process.env.S3_BUCKETS || '').split(',').filter(Boolean);

if (accessKeyId !== 'S3RVER') require('s3rver/lib/models/account').DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);

const s3rver = new S3rver({ directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
const faults = [];
const restores = [];

const xmlError = (code, message) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
function sendError(res, status, code, message) {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(xmlError(code, message));
}

let inner; // the private port s3rver listens on
function internal(method, path, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: inner, method, path, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

function tagsXml(tags) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<Tagging><TagSet>${tags.map(([k, v]) => `<Tag><Key>${esc(k)}</Key><Value>${esc(v)}</Value></Tag>`).join('')}</TagSet></Tagging>`;
}
const tagsOfHeader = (header) => [...new URLSearchParams(header)].map(([k, v]) => [k, v]);
function tagsOfXml(xml) {
  const tags = [];
  const unesc = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  for (const m of xml.matchAll(/<Tag>\s*<Key>([\s\S]*?)<\/Key>\s*<Value>([\s\S]*?)<\/Value>\s*<\/Tag>/g)) tags.push([unesc(m[1]), unesc(m[2])]);
  return tags;
}

/** Forwards the request to s3rver as it came (its signature included), and answers with s3rver's answer. */
async function forward(req, body, res, path = req.url) {
  const headers = { ...req.headers };
  delete headers['content-length'];
  const answer = await internal(req.method, path, headers, body.length ? body : undefined);
  return answer;
}
function reply(res, answer) {
  const headers = { ...answer.headers };
  delete headers['transfer-encoding'];
  headers['content-length'] = answer.body.length;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://local');
  const body = await readBody(req);
  if (url.pathname === '/__local/faults') {
    if (req.method === 'POST') faults.push({ ...JSON.parse(body.toString('utf8')) });
    if (req.method === 'DELETE') faults.length = 0;
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/__local/restores') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(restores));
    return;
  }
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const fault = faults.find((f) => f.times > 0 && (!f.method || f.method === req.method) && (!f.bucket || f.bucket === bucket) && key.startsWith(f.keyPrefix || ''));
  if (fault) {
    fault.times--;
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    else return sendError(res, fault.status, fault.code, `injected fault ${fault.code}`);
  }
  const objectPath = url.pathname;
  const q = url.searchParams;

  if (req.method === 'POST' && q.has('restore')) {
    const head = await internal('HEAD', objectPath);
    if (head.status !== 200) return sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    const text = body.toString('utf8');
    restores.push({ bucket, key, days: Number(/<Days>(\d+)<\/Days>/.exec(text)?.[1]), tier: /<Tier>(\w+)<\/Tier>/.exec(text)?.[1] });
    res.writeHead(202).end();
    return;
  }
  if (req.method === 'DELETE' && q.has('tagging')) {
    const put = await internal('PUT', `${objectPath}?tagging`, { 'content-type': 'application/xml' }, tagsXml([]));
    if (put.status !== 200) return reply(res, put);
    res.writeHead(204).end();
    return;
  }
  const copySource = req.headers['x-amz-copy-source'];
  if (req.method === 'PUT' && copySource && !q.has('partNumber')) {
    const [sourcePath] = String(copySource).split('?versionId=');
    const decoded = decodeURIComponent(sourcePath.replace(/^\//, ''));
    req.headers['x-amz-copy-source'] = encodeURI(decoded);
    const source = `/${decoded.split('/').map(encodeURIComponent).join('/')}`;
    const head = await internal('HEAD', source);
    if (head.status === 200) {
      const etag = String(head.headers.etag || '').replace(/"/g, '');
      const modified = Date.parse(String(head.headers['last-modified']));
      const h = req.headers;
      const failed =
        (h['x-amz-copy-source-if-match'] && String(h['x-amz-copy-source-if-match']).replace(/"/g, '') !== etag) ||
        (h['x-amz-copy-source-if-none-match'] && String(h['x-amz-copy-source-if-none-match']).replace(/"/g, '') === etag) ||
        (h['x-amz-copy-source-if-unmodified-since'] && modified > Date.parse(String(h['x-amz-copy-source-if-unmodified-since']))) ||
        (h['x-amz-copy-source-if-modified-since'] && modified <= Date.parse(String(h['x-amz-copy-source-if-modified-since'])));
      if (failed) return sendError(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    }
    const answer = await forward(req, body, res);
    if (answer.status === 200) {
      const replace = String(req.headers['x-amz-tagging-directive'] || 'COPY').toUpperCase() === 'REPLACE';
      const tags = replace ? tagsOfHeader(String(req.headers['x-amz-tagging'] || '')) : tagsOfXml((await internal('GET', `${source}?tagging`)).body.toString('utf8'));
      await internal('PUT', `${objectPath}?tagging`, { 'content-type': 'application/xml' }, tagsXml(tags));
    }
    return reply(res, answer);
  }
  const answer = await forward(req, body, res);
  if (req.method === 'PUT' && !q.has('tagging') && req.headers['x-amz-tagging'] && answer.status === 200) {
    await internal('PUT', `${objectPath}?tagging`, { 'content-type': 'application/xml' }, tagsXml(tagsOfHeader(String(req.headers['x-amz-tagging']))));
  }
  return reply(res, answer);
}

(async () => {
  await s3rver.configureBuckets();
  const app = s3rver.callback();
  const privateServer = http.createServer(app);
  await new Promise((r) => privateServer.listen(0, '127.0.0.1', r));
  inner = privateServer.address().port;
  const front = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendError(res, 500, 'InternalError', String(error && error.message).slice(0, 200));
      else res.destroy();
    });
  });
  front.keepAliveTimeout = 65_000;
  front.listen(port, '127.0.0.1', () => process.stdout.write(`s3 store listening on ${port}\n`));
  const stop = () => front.close(() => privateServer.close(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  process.stderr.write(`s3 store failed: ${error && error.stack}\n`);
  process.exit(1);
});
