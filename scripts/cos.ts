/**
 * Signs and sends one request to the service, and prints the answer: status, headers, body (curl cannot sign).
 *   npm run cos -- GET /jobs
 *   npm run cos -- POST /jobs --body examples/copy.xml
 *   npm run cos -- POST '/jobs/<JobId>/status?requestedJobStatus=Cancelled&statusUpdateReason=no+longer+needed'
 * A body (--body <file>, -d @<file>, -d @- for stdin, or -d '<xml>') is sent with Content-Type: application/xml and
 * its Content-MD5, both signed. --new-token replaces the body's ClientRequestToken with a fresh UUID, so that each
 * send creates another job. Run with --help for every option.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sendSigned } from './cos-client';
import { DEMO_KEY } from './local-stack';

const USAGE = `usage: npm run cos -- <METHOD> '<path>[?<query>]' [options]

  METHOD                 GET, POST, DELETE (or any other)
  path?query             e.g. /jobs, '/jobs?jobStatuses=Suspended&maxResults=2', /jobs/<JobId>,
                         '/jobs/<JobId>/priority?priority=50', '/jobs/<JobId>/status?requestedJobStatus=Ready'
                         (quote it: & and ? mean something to the shell; spaces may be written +)

  --body <file>          send the file as the body (a path relative to where you run npm)
  -d, --data @<file>     the same, as curl writes it; -d @- reads the body from stdin; -d '<xml>' sends the text
                         (a body gets Content-Type: application/xml and Content-MD5, both signed)
  --new-token            replace the body's <ClientRequestToken> with a fresh UUID: a new job on every send
                         (without it, sending the same CreateJob body again answers the JobId it created)
  -H, --header 'N: v'    add a header (signed); may be repeated
  --url <base>           default http://localhost:$PORT (PORT default 3000)
  --appid <appid>        default the key's appid (the demo key's: 1250000000), or COS_APPID
  --secret-id <id>       default COS_SECRET_ID, else the local demo key
  --secret-key <key>     default COS_SECRET_KEY, else the local demo key
  --expires <seconds>    how long the signature is valid (default 900)

Prints the HTTP status, every response header and the body; exits 0 for a status below 400, else 1.`;

interface Command {
  method: string;
  target: string;
  body?: string;
  newToken: boolean;
  headers: Record<string, string>;
  options: Map<string, string>;
}

const VALUED = new Set(['url', 'appid', 'secret-id', 'secret-key', 'expires']);

/** The command line, or the message to print (usage errors). */
function parseArgs(argv: readonly string[]): Command | { usage: string; code: number } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  const headers: Record<string, string> = {};
  let body: string | undefined;
  let newToken = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    const setBody = (text: string) => {
      if (body !== undefined) throw new UsageError('give one body only');
      body = text;
    };
    if (arg === '--help' || arg === '-h') return { usage: USAGE, code: 0 };
    else if (arg === '--body') setBody(readBodyFile(value()));
    else if (arg === '-d' || arg === '--data' || arg === '--data-binary') {
      const data = value();
      setBody(data.startsWith('@') ? readBodyFile(data.slice(1)) : data);
    } else if (arg === '--new-token') newToken = true;
    else if (arg === '-H' || arg === '--header') {
      const header = value();
      const colon = header.indexOf(':');
      if (colon < 1) throw new UsageError(`a header is 'Name: value', not "${header}"`);
      headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    } else if (arg.startsWith('--') && VALUED.has(arg.slice(2))) options.set(arg.slice(2), value());
    else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [method, target, extra] = positional;
  if (!method || !target || extra !== undefined) throw new UsageError('give a METHOD and a path');
  if (!target.startsWith('/')) throw new UsageError(`the path must start with /, not "${target}"`);
  const upper = method.toUpperCase();
  if (body !== undefined && (upper === 'GET' || upper === 'HEAD')) throw new UsageError(`a ${upper} request has no body`);
  if (newToken && body === undefined) throw new UsageError('--new-token needs a body (--body <file>)');
  return { method: upper, target, body, newToken, headers, options };
}

class UsageError extends Error {}

/** A body file, relative to where `npm run` was typed (npm runs scripts from the project folder, INIT_CWD). */
function readBodyFile(name: string): string {
  if (name === '-') return readFileSync(0, 'utf8');
  const candidates = [path.resolve(process.env.INIT_CWD ?? process.cwd(), name), path.resolve(name)];
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) throw new UsageError(`no such file: ${name}`);
  return readFileSync(file, 'utf8');
}

const TOKEN = /(<ClientRequestToken>)[^<]*(<\/ClientRequestToken>)/;

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    const parsed = parseArgs(argv);
    if ('usage' in parsed) {
      process.stdout.write(`${parsed.usage}\n`);
      return parsed.code;
    }
    command = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`npm run cos: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }

  let body = command.body;
  if (body !== undefined && command.newToken) {
    if (!TOKEN.test(body)) {
      process.stderr.write('npm run cos: --new-token: the body has no <ClientRequestToken> element\n');
      return 2;
    }
    const token = randomUUID();
    body = body.replace(TOKEN, `$1${token}$2`);
    process.stderr.write(`ClientRequestToken ${token}\n`);
  }

  const { options } = command;
  const mark = command.target.indexOf('?');
  const pathPart = mark < 0 ? command.target : command.target.slice(0, mark);
  const rawQuery = mark < 0 ? '' : command.target.slice(mark + 1);
  const secretId = options.get('secret-id') ?? process.env.COS_SECRET_ID ?? DEMO_KEY.secretId;
  const secretKey = options.get('secret-key') ?? process.env.COS_SECRET_KEY ?? DEMO_KEY.secretKey;
  const answer = await sendSigned({
    method: command.method,
    baseUrl: options.get('url') ?? `http://localhost:${process.env.PORT ?? 3000}`,
    path: decodeURIComponent(pathPart),
    query: [...new URLSearchParams(rawQuery)],
    headers: command.headers,
    body,
    appId: options.get('appid') ?? (secretId === DEMO_KEY.secretId ? DEMO_KEY.appId : (process.env.COS_APPID ?? DEMO_KEY.appId)),
    secretId,
    secretKey,
    expires: options.has('expires') ? Number(options.get('expires')) : undefined,
  });
  process.stdout.write(`HTTP ${answer.status}\n`);
  for (const [name, value] of answer.headers) process.stdout.write(`${name}: ${value}\n`);
  // COS bodies end without a newline; add one so the shell prompt starts on its own line.
  process.stdout.write(`\n${answer.body}${answer.body && !answer.body.endsWith('\n') ? '\n' : ''}`);
  return answer.status < 400 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`request failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
