/**
 * The official COS Go SDK (cos-go-sdk-v5's BatchService) as a command-line client, built from
 * ../shared/clients/cos-go by its build.sh (.ci/run builds it and sets COSBATCH_BIN). Each call prints one JSON line.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export function cosbatchBinary(): string {
  const bin = process.env.COSBATCH_BIN || path.join(homedir(), '.cache', 'cosbatch', 'cosbatch');
  if (!existsSync(bin)) {
    throw new Error(`the COS Go SDK client is not built (${bin}): run  bash ../shared/clients/cos-go/build.sh  (or set COSBATCH_BIN)`);
  }
  return bin;
}

/** What the client prints: the SDK's result struct (Go field names) or the error the SDK made of the answer. */
export interface GoAnswer {
  ok: boolean;
  status: number;
  requestId?: string;
  result?: any;
  code?: string;
  message?: string;
}

export interface GoClient {
  readonly url: string;
  readonly appId: string;
  readonly secretId: string;
  readonly secretKey: string;
}

/** Runs one command (`create`, `describe`, `list`, `priority`, `status`, `delete`) through the SDK. */
export function cosbatch(client: GoClient, ...args: string[]): Promise<GoAnswer> {
  const flags = ['-url', client.url, '-appid', client.appId, '-secret-id', client.secretId, '-secret-key', client.secretKey];
  return new Promise((resolve, reject) => {
    execFile(cosbatchBinary(), [...flags, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const exit = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (exit !== 0 && exit !== 1) return reject(new Error(`cosbatch ${args.join(' ')} exited ${exit}: ${stderr}${stdout}`));
      try {
        resolve(JSON.parse(stdout.trim()) as GoAnswer);
      } catch {
        reject(new Error(`cosbatch ${args.join(' ')} printed no JSON line: ${stdout}${stderr}`));
      }
    });
  });
}
