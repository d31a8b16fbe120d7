/**
 * Manages keys in the local credentials table:
 *   npm run keys -- create <appid>      a new Active key for that appid (prints SecretId and SecretKey once)
 *   npm run keys -- create-aws <account id>  a new Active AWS key (SigV4) for that 12-digit account (prints it once)
 *   npm run keys -- disable <SecretId>  Disabled: refused within the cache time (60 s)
 *   npm run keys -- enable <SecretId>
 *   npm run keys -- list                SecretId, AppId, Status (never the SecretKey)
 * It talks to DYNAMODB_ENDPOINT, or to DynamoDB Local on DYNAMODB_PORT (default 8000), table CREDENTIALS_TABLE.
 */
import { GetItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { runCli } from './cli';
import { DEFAULT_CREDENTIALS_TABLE, ensureCredentialsTable, newAwsKey, newKey, putKey } from './local-stack';

const table = process.env.CREDENTIALS_TABLE?.trim() || DEFAULT_CREDENTIALS_TABLE;
const USAGE = `usage:
  npm run keys -- create <appid>
  npm run keys -- create-aws <12-digit account id>
  npm run keys -- disable <SecretId>
  npm run keys -- enable <SecretId>
  npm run keys -- list
environment: DYNAMODB_ENDPOINT or DYNAMODB_PORT (default 8000), CREDENTIALS_TABLE (default ${DEFAULT_CREDENTIALS_TABLE})`;

runCli(USAGE, `table ${table}`, async (client, [command, arg]) => {
  switch (command) {
    case 'create': {
      if (!arg || !/^[\x21-\x7E]{1,64}$/.test(arg)) return undefined;
      await ensureCredentialsTable(client, table);
      const key = newKey(arg);
      await putKey(client, table, key);
      process.stdout.write(`created an Active key for appid ${arg}\n  SecretId  ${key.secretId}\n  SecretKey ${key.secretKey}\n`);
      return 0;
    }
    case 'create-aws': {
      if (!arg || !/^\d{12}$/.test(arg)) return undefined;
      await ensureCredentialsTable(client, table);
      const key = newAwsKey(arg);
      await putKey(client, table, key);
      process.stdout.write(
        `created an Active AWS key for account ${arg}\n  AccessKeyId     ${key.secretId}\n  SecretAccessKey ${key.secretKey}\n`,
      );
      return 0;
    }
    case 'disable':
    case 'enable': {
      if (!arg) return undefined;
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
        const page = await client.send(
          new ScanCommand({ TableName: table, ExclusiveStartKey: start, ProjectionExpression: 'SecretId, AppId, #s', ExpressionAttributeNames: { '#s': 'Status' } }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      for (const item of items) process.stdout.write(`${item.SecretId?.S}\t${item.AppId?.S}\t${item.Status?.S}\n`);
      return 0;
    }
  }
  return undefined;
});
