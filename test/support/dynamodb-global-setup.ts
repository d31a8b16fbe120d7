import { ensureDynamoDb } from './stack';

export default async function globalSetup(): Promise<void> {
  await ensureDynamoDb();
}
