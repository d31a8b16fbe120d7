/** The port through which the authenticator finds a caller's key. */
export interface CredentialStore {
  /** The key with this SecretId, or undefined when there is none. */
  find(secretId: string): Promise<Credential | undefined>;
}

export interface Credential {
  readonly secretKey: string;
  /** The only tenant this key may act for. */
  readonly appId: string;
  /** Only `Active` keys authenticate. */
  readonly status: string;
}

/**
 * Keeps each answer (a key, or "no such key") for at most `ttlMs`, so a disabled key stops working within that
 * time and a busy container does not read the key on every request. At most `maxEntries` are kept, so a flood of
 * made-up SecretIds cannot grow the container's memory.
 */
export class CachedCredentialStore implements CredentialStore {
  private readonly entries = new Map<string, { credential: Credential | undefined; expires: number }>();

  constructor(
    private readonly store: CredentialStore,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1_000,
  ) {}

  async find(secretId: string): Promise<Credential | undefined> {
    const cached = this.entries.get(secretId);
    if (cached && cached.expires > this.now()) return cached.credential;
    const credential = await this.store.find(secretId);
    this.entries.delete(secretId);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(secretId, { credential, expires: this.now() + this.ttlMs });
    return credential;
  }
}
