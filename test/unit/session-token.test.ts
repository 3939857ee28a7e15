import { describe, expect, it } from 'vitest';
import { createTokenService } from '../../server/src/http/auth';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

describe('session tokens', () => {
  it('a token verified once is still refused once it expires (the remembered verification keeps its expiry)', async () => {
    let now = new Date('2026-11-25T08:00:00Z');
    const tokens = createTokenService(SECRET, 600, () => now);
    const { token } = await tokens.issue('user-1');
    expect(await tokens.verify(token)).toBe('user-1');
    now = new Date(now.getTime() + 599_000);
    expect(await tokens.verify(token)).toBe('user-1');
    now = new Date(now.getTime() + 1000);
    await expect(tokens.verify(token)).rejects.toThrow('登录已过期');
  });

  it('refuses a token signed with another secret, also after a good token was remembered', async () => {
    const clock = () => new Date('2026-11-25T08:00:00Z');
    const ours = createTokenService(SECRET, 600, clock);
    const theirs = createTokenService(`${SECRET}-other`, 600, clock);
    const good = await ours.issue('user-1');
    expect(await ours.verify(good.token)).toBe('user-1');
    const forged = await theirs.issue('user-1');
    await expect(ours.verify(forged.token)).rejects.toThrow('登录信息无效');
  });
});
