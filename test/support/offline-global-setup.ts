import { ensureOffline } from './stack';

export default async function globalSetup(): Promise<void> {
  await ensureOffline();
}
