/**
 * Manages keys in the local credentials table:
 *   npm run keys -- create <appid>      a new Active key for that appid (prints SecretId and SecretKey once)
 *   npm run keys -- disable <SecretId>  Disabled: refused within the cache time (60 s)
 *   npm run keys -- enable <SecretId>
 *   npm run keys -- list                SecretId, AppId, Status (never the SecretKey)
 * It talks to DYNAMODB_ENDPOINT, or to DynamoDB Local on DYNAMODB_PORT (default 8000), table CREDENTIALS_TABLE.
 */
import { GetItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DEFAULT_CREDENTIALS_TABLE, ensureCredentialsTable, localClient, newKey, putKey } from './local-stack';

const USAGE = `usage:
  npm run keys -- create <appid>
  npm run keys -- disable <SecretId>
  npm run keys -- enable <SecretId>
  npm run keys -- list
environment: DYNAMODB_ENDPOINT or DYNAMODB_PORT (default 8000), CREDENTIALS_TABLE (default ${DEFAULT_CREDENTIALS_TABLE})`;

const endpoint = process.env.DYNAMODB_ENDPOINT?.trim() || `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
const table = process.env.CREDENTIALS_TABLE?.trim() || DEFAULT_CREDENTIALS_TABLE;

async function main([command, arg]: string[]): Promise<number> {
  const client = localClient(endpoint);
  try {
    switch (command) {
      case 'create': {
        if (!arg || !/^[\x21-\x7E]{1,64}$/.test(arg)) break;
        await ensureCredentialsTable(client, table);
        const key = newKey(arg);
        await putKey(client, table, key);
        process.stdout.write(`created an Active key for appid ${arg}\n  SecretId  ${key.secretId}\n  SecretKey ${key.secretKey}\n`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        if (!arg) break;
        const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { SecretId: { S: arg } }, ConsistentRead: true }));
        if (!Item?.SecretKey?.S || !Item.AppId?.S) {
          process.stderr.write(`no key ${arg} in table ${table}\n`);
          return 1;
        }
        const status = command === 'disable' ? 'Disabled' : 'Active';
        await putKey(client, table, { secretId: arg, secretKey: Item.SecretKey.S, appId: Item.AppId.S, status });
        process.stdout.write(`${arg} is ${status}${status === 'Disabled' ? ' (refused everywhere within 60 s)' : ''}\n`);
        return 0;
      }
      case 'list': {
        const items: Record<string, AttributeValue>[] = [];
        let start: Record<string, AttributeValue> | undefined;
        do {
          const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ProjectionExpression: 'SecretId, AppId, #s', ExpressionAttributeNames: { '#s': 'Status' } }));
          items.push(...(page.Items ?? []));
          start = page.LastEvaluatedKey;
        } while (start);
        for (const item of items) process.stdout.write(`${item.SecretId?.S}\t${item.AppId?.S}\t${item.Status?.S}\n`);
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (error) {
    process.stderr.write(`failed against ${endpoint} (table ${table}): ${error instanceof Error ? error.message : error}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
