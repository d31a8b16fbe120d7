/**
 * Signs and sends one request to the service, and prints the answer (curl cannot sign):
 *   npm run cos -- POST '/jobs/<JobId>/status?requestedJobStatus=Cancelled&statusUpdateReason=no+longer+needed'
 * Options: --url <base> (default http://localhost:$PORT), --appid <appid> (default the key's, else the demo appid),
 * --secret-id/--secret-key (default COS_SECRET_ID/COS_SECRET_KEY, else the local demo key), --expires <seconds>.
 */
import { sendSigned } from './cos-client';
import { DEMO_KEY } from './local-stack';

const USAGE = `usage: npm run cos -- <METHOD> '<path>?<query>' [--url http://localhost:3000] [--appid A] [--secret-id ID --secret-key KEY] [--expires 900]`;

async function main(argv: string[]): Promise<number> {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (arg.startsWith('--')) options.set(arg.slice(2), argv[++i] ?? '');
    else positional.push(arg);
  }
  const [method, target] = positional;
  if (!method || !target || !target.startsWith('/')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [path, rawQuery = ''] = target.split('?', 2) as [string, string?];
  const secretId = options.get('secret-id') ?? process.env.COS_SECRET_ID ?? DEMO_KEY.secretId;
  const secretKey = options.get('secret-key') ?? process.env.COS_SECRET_KEY ?? DEMO_KEY.secretKey;
  const answer = await sendSigned({
    method: method.toUpperCase(),
    baseUrl: options.get('url') ?? `http://localhost:${process.env.PORT ?? 3000}`,
    path: decodeURIComponent(path),
    query: [...new URLSearchParams(rawQuery)],
    appId: options.get('appid') ?? (secretId === DEMO_KEY.secretId ? DEMO_KEY.appId : (process.env.COS_APPID ?? DEMO_KEY.appId)),
    secretId,
    secretKey,
    expires: options.has('expires') ? Number(options.get('expires')) : undefined,
  });
  process.stdout.write(`HTTP ${answer.status}\n`);
  for (const [name, value] of answer.headers) if (name.startsWith('x-cos-') || name === 'content-type') process.stdout.write(`${name}: ${value}\n`);
  process.stdout.write(`\n${answer.body}`);
  return answer.status < 400 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`request failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
