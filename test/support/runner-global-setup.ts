import { ensureRunnerStack } from './runner-stack';

export default async function globalSetup(): Promise<void> {
  await ensureRunnerStack();
}
