/**
 * Whose jobs: every job, token and key belongs to one tenant, the partition of the job table it lives in. A COS
 * tenant is its appid, as sent in `x-cos-appid`; an AWS tenant is `aws:<account id>` (`x-amz-account-id`). The
 * COS dialect refuses appids that start with `aws:`, so the two kinds of tenant never meet, even with an appid and
 * an account id of the same digits. A credential names the tenant it may act for in the same form.
 */
export const AWS_TENANT_PREFIX = 'aws:';

export function awsTenant(accountId: string): string {
  return AWS_TENANT_PREFIX + accountId;
}

export function isAwsTenant(tenant: string): boolean {
  return tenant.startsWith(AWS_TENANT_PREFIX);
}

/** The account id of an AWS tenant (`aws:123456789012` → `123456789012`). */
export function accountIdOf(tenant: string): string {
  return isAwsTenant(tenant) ? tenant.slice(AWS_TENANT_PREFIX.length) : tenant;
}
