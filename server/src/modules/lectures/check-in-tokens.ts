import { createHmac, timingSafeEqual } from 'node:crypto';
import { CHECK_IN_CODE_TTL_SECONDS } from '@qf/shared';
import { BadRequestError } from '../../http/errors';

/**
 * The short-lived code a lecture's check-in screen shows: `${lectureId}.${issuedAt base36}.${mac}`.
 * The MAC is an HMAC-SHA256 under a key derived from the server secret, so every instance makes
 * and accepts the same codes and nothing is stored. A code names its lecture, so a code from
 * another lecture is told apart from a forged one.
 */
export function createCheckInTokens(serverSecret: string, ttlSeconds = CHECK_IN_CODE_TTL_SECONDS) {
  const key = createHmac('sha256', serverSecret).update('qingfeng-pufa/lecture-check-in/v1').digest();
  const macOf = (lectureId: string, issuedAt: string) => createHmac('sha256', key).update(`${lectureId}.${issuedAt}`).digest().subarray(0, 18).toString('base64url');

  const refuse = (message: string) => new BadRequestError(message, [{ field: 'token', message }]);

  return {
    issue(lectureId: string, now: Date): { token: string; expiresAt: Date } {
      const issuedAtSeconds = Math.floor(now.getTime() / 1000);
      const issuedAt = issuedAtSeconds.toString(36);
      return { token: `${lectureId}.${issuedAt}.${macOf(lectureId, issuedAt)}`, expiresAt: new Date((issuedAtSeconds + ttlSeconds) * 1000) };
    },

    /** Throws a 400 naming the `token` field when the code is forged, for another lecture, or expired. */
    verify(token: string, lectureId: string, now: Date): void {
      const parts = token.split('.');
      if (parts.length !== 3) throw refuse('签到码无效，请扫描现场的签到码');
      const [id, issuedAt, mac] = parts as [string, string, string];
      if (!/^[0-9a-f]{24}$/.test(id) || !/^[0-9a-z]{1,10}$/.test(issuedAt)) throw refuse('签到码无效，请扫描现场的签到码');
      const expected = Buffer.from(macOf(id, issuedAt));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse('签到码无效，请扫描现场的签到码');
      if (id !== lectureId) throw refuse('这是另一场讲座的签到码');
      const issuedAtMs = parseInt(issuedAt, 36) * 1000;
      // A little slack for clocks of different instances.
      if (issuedAtMs > now.getTime() + 30_000) throw refuse('签到码无效，请扫描现场的签到码');
      if (now.getTime() - issuedAtMs > ttlSeconds * 1000) throw refuse('签到码已过期，请扫描屏幕上最新的签到码');
    },
  };
}

export type CheckInTokens = ReturnType<typeof createCheckInTokens>;
