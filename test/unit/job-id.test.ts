/**
 * Job ids (lib/jobs/job-id.ts): lowercase UUIDs of version 7 whose first 48 bits are the creation time in
 * milliseconds (so ascending JobId is creation order, job-api.md §5) and whose tail is a hash of the tenant and the
 * ClientRequestToken (so a token's reservation is found from the JobId alone).
 */
import fc from 'fast-check';
import { newJobId, tokenTail } from '../../lib/jobs/job-id';

/** Version nibble 7, variant bits 10xx (8, 9, a or b), lowercase hex only. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOW = Date.parse('2026-11-28T12:00:00.000Z');
const MAX_48_BITS = 2 ** 48 - 1;

describe('the form', () => {
  it.each([
    ['a UUID token', '1250000000', '1829b6c7-3141-42f1-9fe4-17082b841646'],
    ['a one-byte token', '1', 't'],
    ['a 64-byte token', '1250000000', 'x'.repeat(64)],
    ['non-ASCII', '1250000000', '令牌-🙂'],
    ['upper case in the inputs', 'APPID', 'TOKEN'],
  ])('%s: a lowercase UUID of version 7 and variant 10', (_name, appId, token) => {
    const id = newJobId(NOW, appId, token);
    expect(id).toMatch(UUID_V7);
    expect(id).toHaveLength(36);
    expect(id).toBe(id.toLowerCase());
  });

  it('holds for any time in 48 bits and any tenant and token', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_48_BITS }), fc.string(), fc.string(), (ms, appId, token) => {
        expect(newJobId(ms, appId, token)).toMatch(UUID_V7);
      }),
    );
  });

  it('starts with the 48-bit creation time in milliseconds, in hex', () => {
    expect(NOW.toString(16)).toBe('1a22206ca00'); // 1,795,867,200,000 ms
    expect(newJobId(NOW, 'a', 't').slice(0, 13)).toBe('01a22206-ca00');
    expect(newJobId(0, 'a', 't').slice(0, 13)).toBe('00000000-0000');
    expect(newJobId(MAX_48_BITS, 'a', 't').slice(0, 13)).toBe('ffffffff-ffff');
    expect(newJobId(0x0123456789ab, 'a', 't').slice(0, 13)).toBe('01234567-89ab');
  });

  it('uses whole milliseconds: a fraction is dropped, a negative time is 0', () => {
    expect(newJobId(0x0123456789ab + 0.9, 'a', 't')).toBe(newJobId(0x0123456789ab, 'a', 't'));
    expect(newJobId(-5, 'a', 't')).toBe(newJobId(0, 'a', 't'));
  });

  it('is a function of its inputs: the same time, tenant and token give the same id', () => {
    expect(newJobId(NOW, '1250000000', 'token-1')).toBe(newJobId(NOW, '1250000000', 'token-1'));
  });
});

describe('time order', () => {
  it('ids made 1 ms apart sort as strings in the order they were made, across every hex carry', () => {
    const starts = [NOW, 0xffff, 0xffffffff - 3, 0xfffffffff - 3, MAX_48_BITS - 1000];
    for (const start of starts) {
      const ids = Array.from({ length: 1000 }, (_, i) => newJobId(start + i, '1250000000', `token-${(i * 7919) % 1000}`));
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('an id made later sorts after one made earlier, whatever the tenants and tokens', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_48_BITS - 1 }),
        fc.integer({ min: 1, max: 2 ** 32 }),
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        (t, gap, appA, tokenA, appB, tokenB) => {
          const earlier = newJobId(t, appA, tokenA);
          const later = newJobId(Math.min(t + gap, MAX_48_BITS), appB, tokenB);
          expect(earlier < later).toBe(true);
        },
      ),
    );
  });
});

describe('the tail: the tenant and the token', () => {
  const tail = (ms: number, appId: string, token: string) => tokenTail(newJobId(ms, appId, token));

  it('tokenTail is everything after the time: the last 22 characters, version nibble first', () => {
    const id = newJobId(NOW, '1250000000', 'token-1');
    expect(tokenTail(id)).toBe(id.slice(14));
    expect(tokenTail(id)).toHaveLength(22);
    expect(tokenTail(id)).toMatch(/^7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(tokenTail('019abcde-f012-7345-8678-9abcdef01234')).toBe('7345-8678-9abcdef01234');
  });

  it('tokenTail of an id the service did not make is just its tail (no reservation matches it)', () => {
    expect(tokenTail('53dc6228-c50b-46f7-8ad7-65e7159f1aae')).toBe('46f7-8ad7-65e7159f1aae');
    expect(tokenTail('job-00001')).toBe('');
  });

  it('is the same for the same tenant and token, whenever the job is made', () => {
    expect(tail(0, '1250000000', 'token-1')).toBe(tail(NOW, '1250000000', 'token-1'));
    expect(tail(NOW, '1250000000', 'token-1')).toBe(tail(MAX_48_BITS, '1250000000', 'token-1'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_48_BITS }), fc.integer({ min: 0, max: MAX_48_BITS }), fc.string(), fc.string(), (t1, t2, appId, token) => {
        expect(tail(t1, appId, token)).toBe(tail(t2, appId, token));
      }),
    );
  });

  it('differs for another token of the same tenant', () => {
    expect(tail(NOW, '1250000000', 'token-1')).not.toBe(tail(NOW, '1250000000', 'token-2'));
    expect(tail(NOW, '1250000000', 'token')).not.toBe(tail(NOW, '1250000000', 'Token'));
  });

  it('differs for the same token of another tenant', () => {
    expect(tail(NOW, '1250000000', 'token-1')).not.toBe(tail(NOW, '1250000001', 'token-1'));
  });

  it('differs where tenant and token only split the same text differently (length-prefixed)', () => {
    expect(tail(NOW, '12', '3token')).not.toBe(tail(NOW, '123', 'token'));
    expect(tail(NOW, 'a\u0000', 't')).not.toBe(tail(NOW, 'a', '\u0000t'));
    expect(tail(NOW, '1:a', 'b')).not.toBe(tail(NOW, '1', ':ab'));
  });

  it('has no collision among 10,000 (tenant, token) pairs', () => {
    const tails = new Set<string>();
    for (let tenant = 0; tenant < 100; tenant++) {
      for (let token = 0; token < 100; token++) tails.add(tail(NOW, `${1250000000 + tenant}`, `token-${token}`));
    }
    expect(tails.size).toBe(10_000);
  });
});
