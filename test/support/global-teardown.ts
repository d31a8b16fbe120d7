import { stopAll } from './stack';

export default async function globalTeardown(): Promise<void> {
  await stopAll();
}
