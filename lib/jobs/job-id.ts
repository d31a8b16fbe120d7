import { createHash } from 'node:crypto';

/**
 * Job ids are lowercase UUIDs of version 7, as COS's look: 48 bits of creation time in milliseconds, so that the
 * ascending JobId order of ListJobs is the order of creation, then 74 bits that are not random but a hash of the
 * tenant and the ClientRequestToken. That tail is what lets the store keep a token reserved for exactly as long
 * as its job exists with one request per create and per delete: the token's reservation is found from the JobId
 * alone (`tokenTail`), without reading the job first.
 */
export function newJobId(nowMs: number, tenant: string, clientRequestToken: string): string {
  // Length-prefixed, so that no two (tenant, token) pairs hash the same text.
  const hash = createHash('sha256').update(`${tenant.length}:${tenant}`).update(clientRequestToken).digest('hex');
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0').slice(-12);
  const variant = (8 | (parseInt(hash[3]!, 16) & 3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hash.slice(0, 3)}-${variant}${hash.slice(4, 7)}-${hash.slice(7, 19)}`;
}

/**
 * The part of a JobId made from the tenant and token (everything after the time): equal for every job a token
 * can make. For ids the service did not make, it is just their tail, which no token reservation matches.
 */
export function tokenTail(jobId: string): string {
  return jobId.slice(14);
}
