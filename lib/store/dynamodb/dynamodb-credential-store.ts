import { GetItemCommand, type DynamoDBClient, type GetItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { Credential, CredentialStore } from '../credential-store';
import { StoreError } from '../job-store';
import { classifyStoreError, errorName } from './dynamodb-job-store';

/** The credentials table: partition key `SecretId` (S); `SecretKey`, `AppId`, `Status` (S). */
export function buildCredentialGetInput(tableName: string, secretId: string): GetItemCommandInput {
  return {
    TableName: tableName,
    Key: { SecretId: { S: secretId } },
    ProjectionExpression: 'SecretKey, AppId, #status',
    ExpressionAttributeNames: { '#status': 'Status' },
  };
}

/** Reads one key with GetItem; an item missing a field (or with one of another type) is no key at all. */
export class DynamoDbCredentialStore implements CredentialStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async find(secretId: string): Promise<Credential | undefined> {
    let item;
    try {
      ({ Item: item } = await this.client.send(new GetItemCommand(buildCredentialGetInput(this.tableName, secretId))));
    } catch (error) {
      throw new StoreError(classifyStoreError(error), errorName(error));
    }
    const secretKey = item?.SecretKey?.S;
    const appId = item?.AppId?.S;
    const status = item?.Status?.S;
    return secretKey && appId && status ? { secretKey, appId, status } : undefined;
  }
}
