import { countyDate, DISPLAY_MODE_LABELS, findTownship, ROLE_LABELS, toCountyIso, type Me, type Role } from '@qf/shared';
import { ConflictError } from '../../http/errors';
import type { PersonalData } from '../module';
import type { UsersService } from '../users/users.service';

/**
 * A resident's rights over what we hold about him (个人信息保护法 第四十五条 查阅复制, 第四十七条 删除):
 * one file with everything, and 注销. Each feature says what it holds (`personalData` in its module);
 * this service only gathers and orders them.
 */
export function createPrivacyService(deps: { users: UsersService; holders: () => PersonalData[]; clock: () => Date }) {
  return {
    /** Everything we hold about him, in plain words: the file 导出我的数据 saves. */
    async exportFor(actor: Me) {
      const profile = await deps.users.profileOf(actor.id);
      const parts: Record<string, unknown> = {};
      for (const h of deps.holders()) parts[h.label] = await h.exportFor(actor.id);
      return {
        说明: '这是清丰普法保存的与您有关的全部信息。',
        导出时间: toCountyIso(deps.clock()),
        账号: {
          名字: actor.displayName,
          所在乡镇: actor.townshipCode ? (findTownship(actor.townshipCode)?.name ?? null) : null,
          角色: actor.roles.map((r) => ROLE_LABELS[r as Role]),
          显示方式: actor.displayMode ? DISPLAY_MODE_LABELS[actor.displayMode] : null,
          注册时间: profile?.createdAt ? toCountyIso(profile.createdAt) : null,
          通过微信登录: profile?.hasWechat ?? false,
        },
        ...parts,
      };
    },

    fileName: () => `我的数据-${countyDate(deps.clock())}.json`,

    /**
     * 注销. Staff and handlers first hand back their work roles (an administrator takes them off),
     * so no office loses an account mid-task. Every feature forgets him first; the account and its
     * WeChat link go last, so a failure half-way leaves an account he can retry from.
     */
    async close(actor: Me) {
      const work = actor.roles.filter((r) => r !== 'resident');
      if (work.length) throw new ConflictError(`您还担任${work.map((r) => ROLE_LABELS[r as Role]).join('、')}，请先请管理员收回这些角色，再注销账号`);
      for (const h of deps.holders()) await h.forget({ id: actor.id, name: actor.displayName });
      await deps.users.forget(actor.id);
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
