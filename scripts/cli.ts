/**
 * The frame the local CLIs share: help and usage, a DynamoDB client for the local stack (DYNAMODB_ENDPOINT, or
 * DynamoDB Local on DYNAMODB_PORT), one line on failure, and the exit code.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localClient } from './local-stack';

export const localEndpoint = process.env.DYNAMODB_ENDPOINT?.trim() || `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;

/**
 * Runs `command` with the arguments; it returns an exit code, or undefined when the arguments do not fit (then the
 * usage is printed and the exit code is 2).
 */
export function runCli(usage: string, target: string, command: (client: DynamoDBClient, args: string[]) => Promise<number | undefined>): void {
  const args = process.argv.slice(2);
  if (args.length === 0 || ['help', '--help', '-h'].includes(args[0]!)) {
    process.stdout.write(`${usage}\n`);
    process.exit(args.length === 0 ? 2 : 0);
  }
  const client = localClient(localEndpoint);
  command(client, args)
    .then((code) => {
      if (code === undefined) process.stderr.write(`${usage}\n`);
      return code ?? 2;
    })
    .catch((error: unknown) => {
      process.stderr.write(`failed against ${localEndpoint} (${target}): ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    })
    .then((code) => {
      client.destroy();
      process.exit(code);
    });
}
