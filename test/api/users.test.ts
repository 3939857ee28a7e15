import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { User } from '../../server/src/modules/users/users.model';

const CHENGGUAN = '410922100';
const GUCHENG = '410922106';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('the signed-in user', () => {
  it('picks a township and keeps it', async () => {
    const { token } = await api.loginAs('resident-township');
    const patched = await api.request('PATCH', '/api/v1/me', { token, body: { townshipCode: GUCHENG, displayName: '王大爷' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ townshipCode: GUCHENG, displayName: '王大爷' });
    const me = await api.request('GET', '/api/v1/me', { token });
    expect(me.body.townshipCode).toBe(GUCHENG);
  });

  it('refuses a township code that is not in 清丰县 and keeps the old one', async () => {
    const { token } = await api.loginAs('resident-bad-township');
    await api.request('PATCH', '/api/v1/me', { token, body: { townshipCode: CHENGGUAN } });
    const res = await api.request('PATCH', '/api/v1/me', { token, body: { townshipCode: '110101001' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.townshipCode');
    expect((await api.request('GET', '/api/v1/me', { token })).body.townshipCode).toBe(CHENGGUAN);
  });
});

describe('the signed-in user, remembered between requests (SESSION_USER_CACHE_MS)', () => {
  it('applies a role change made through the API on the very next request, though the user was just read', async () => {
    const admin = await api.loginAs('cache-admin', { roles: ['county_admin'] });
    const target = await api.loginAs('cache-target');
    // The target's user is now remembered by the server.
    expect((await api.request('GET', '/api/v1/users', { token: target.token })).status).toBe(403);
    const res = await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: admin.token, body: { roles: ['county_admin'] } });
    expect(res.status).toBe(200);
    expect((await api.request('GET', '/api/v1/users', { token: target.token })).status).toBe(200);
    // And taking the role away again holds at once too.
    expect((await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: admin.token, body: { roles: ['resident'] } })).status).toBe(200);
    expect((await api.request('GET', '/api/v1/users', { token: target.token })).status).toBe(403);
  });

  it('sees a change made elsewhere (another instance, or straight in the database) once the cache time has passed', async () => {
    const target = await api.loginAs('cache-elsewhere');
    expect((await api.request('GET', '/api/v1/me', { token: target.token })).body.townshipCode).toBeNull();
    const editedAt = Date.now();
    await User.updateOne({ _id: target.user.id }, { $set: { townshipCode: GUCHENG } });
    let seen: string | null = null;
    while (seen !== GUCHENG && Date.now() - editedAt < 2000 + 1500) {
      seen = (await api.request<{ townshipCode: string | null }>('GET', '/api/v1/me', { token: target.token })).body.townshipCode;
      if (seen !== GUCHENG) await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toBe(GUCHENG);
  });
});

describe('role assignment', () => {
  it('lets a county admin make someone township staff of one township', async () => {
    const admin = await api.loginAs('admin-1', { roles: ['county_admin'] });
    const target = await api.loginAs('future-staff');
    const res = await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, {
      token: admin.token,
      body: { roles: ['township_staff', 'literate'], staffTownshipCode: CHENGGUAN },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ roles: ['resident', 'literate', 'township_staff'], staffTownshipCode: CHENGGUAN });
    // The new roles hold on the user's next request, without signing in again.
    const me = await api.request('GET', '/api/v1/me', { token: target.token });
    expect(me.body.roles).toContain('township_staff');
  });

  it('requires a township for township staff', async () => {
    const admin = await api.loginAs('admin-2', { roles: ['county_admin'] });
    const target = await api.loginAs('staff-without-township');
    const res = await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: admin.token, body: { roles: ['township_staff'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.staffTownshipCode');
    expect((await api.request('GET', '/api/v1/me', { token: target.token })).body.roles).toEqual(['resident']);
  });

  it('drops the staff township when the staff role is taken away', async () => {
    const admin = await api.loginAs('admin-3', { roles: ['county_admin'] });
    const target = await api.loginAs('former-staff', { roles: ['township_staff'], staffTownshipCode: GUCHENG });
    const res = await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: admin.token, body: { roles: ['popularizer'] } });
    expect(res.body).toMatchObject({ roles: ['resident', 'popularizer'], staffTownshipCode: null });
  });

  it('refuses role changes by anyone but a county admin (403)', async () => {
    const staff = await api.loginAs('staff-tries', { roles: ['township_staff'], staffTownshipCode: CHENGGUAN });
    const target = await api.loginAs('someone');
    const res = await api.request('PUT', `/api/v1/users/${target.user.id}/roles`, { token: staff.token, body: { roles: ['county_admin'] } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await api.request('GET', '/api/v1/me', { token: target.token })).body.roles).toEqual(['resident']);
  });

  it('answers 404 for a user that does not exist', async () => {
    const admin = await api.loginAs('admin-4', { roles: ['county_admin'] });
    const res = await api.request('PUT', '/api/v1/users/0123456789abcdef01234567/roles', { token: admin.token, body: { roles: ['literate'] } });
    expect(res.status).toBe(404);
  });
});

describe('township scoping', () => {
  it('lets township staff list the users of their own township and refuses another township (403)', async () => {
    const staff = await api.loginAs('staff-chengguan', { roles: ['township_staff'], staffTownshipCode: CHENGGUAN });
    const resident = await api.loginAs('resident-chengguan', { townshipCode: CHENGGUAN });
    await api.loginAs('resident-gucheng', { townshipCode: GUCHENG });

    const own = await api.request('GET', `/api/v1/townships/${CHENGGUAN}/users?limit=100`, { token: staff.token });
    expect(own.status).toBe(200);
    expect(own.body.items.map((u: { id: string }) => u.id)).toContain(resident.user.id);
    expect(own.body.items.every((u: { townshipCode: string }) => u.townshipCode === CHENGGUAN)).toBe(true);
    expect(JSON.stringify(own.body)).not.toMatch(/openid|dev:/);

    const other = await api.request('GET', `/api/v1/townships/${GUCHENG}/users`, { token: staff.token });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
  });

  it('lets a county admin list any township', async () => {
    const admin = await api.loginAs('admin-5', { roles: ['county_admin'] });
    const res = await api.request('GET', `/api/v1/townships/${GUCHENG}/users`, { token: admin.token });
    expect(res.status).toBe(200);
  });

  it('refuses residents (403)', async () => {
    const resident = await api.loginAs('plain-resident');
    expect((await api.request('GET', `/api/v1/townships/${CHENGGUAN}/users`, { token: resident.token })).status).toBe(403);
  });
});
