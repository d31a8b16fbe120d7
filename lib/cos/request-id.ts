import { randomBytes } from 'node:crypto';

/**
 * COS-style request ids: base64 of `<hex seconds>_<hex container id>_<hex counter>`. The container id is random
 * per process and the counter never repeats within it, so ids are unique without randomness per request.
 */
export function createRequestIdGenerator(containerId: string = randomBytes(8).toString('hex')): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    const seconds = Math.floor(Date.now() / 1000).toString(16);
    return Buffer.from(`${seconds}_${containerId}_${counter.toString(16)}`).toString('base64');
  };
}

/** A trace id for an error answer (COS sends one with every failure): base64 of 24 random bytes as hex. */
export function newTraceId(): string {
  return Buffer.from(randomBytes(24).toString('hex')).toString('base64');
}
