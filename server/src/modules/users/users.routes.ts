import { AssignRolesBody, Me, Page, TownshipAdviserParams, TownshipParams, TownshipUsersQuery, UpdateMeBody, UserIdParams, UserListQuery, UserSummary, canAssignAdviser, canManageTownship } from '@qf/shared';
import { ForbiddenError } from '../../http/errors';
import { defineRoute, type AnyRoute } from '../../http/route';
import type { UsersService } from './users.service';

export function usersRoutes(users: UsersService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me',
      summary: '当前用户',
      tag: 'users',
      access: 'user',
      response: Me,
      handler: ({ actor }) => actor,
    }),
    defineRoute({
      method: 'patch',
      path: '/me',
      summary: '修改昵称或所在乡镇',
      tag: 'users',
      access: 'user',
      body: UpdateMeBody,
      response: Me,
      handler: ({ actor, body }) => users.updateMe(actor.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/users',
      summary: '用户列表（县管理员）',
      tag: 'users',
      access: ['county_admin'],
      query: UserListQuery,
      response: Page(UserSummary),
      handler: ({ query }) => users.list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/townships/:code/users',
      summary: '本乡镇的用户（司法所工作人员查看本乡镇，县管理员查看任一乡镇）',
      tag: 'users',
      access: ['township_staff', 'county_admin'],
      params: TownshipParams,
      query: TownshipUsersQuery,
      response: Page(UserSummary),
      handler: ({ actor, params, query }) => {
        if (!canManageTownship(actor, params.code)) throw new ForbiddenError('只能查看本乡镇的用户');
        return users.list({ ...query, townshipCode: params.code });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/users/:id/roles',
      summary: '设置用户角色（县管理员）',
      tag: 'users',
      access: ['county_admin'],
      params: UserIdParams,
      body: AssignRolesBody,
      response: Me,
      handler: ({ params, body }) => users.assignRoles(params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/townships/:code/advisers/:id',
      summary: '指定本乡镇的法律顾问（司法所工作人员本乡镇，县管理员任一乡镇）',
      tag: 'users',
      access: ['township_staff', 'county_admin'],
      params: TownshipAdviserParams,
      response: Me,
      handler: ({ actor, params }) => {
        if (!canAssignAdviser(actor, params.code)) throw new ForbiddenError('只能为本乡镇指定法律顾问');
        return users.setAdviserTownship(params.id, params.code, true);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/townships/:code/advisers/:id',
      summary: '取消本乡镇的法律顾问（司法所工作人员本乡镇，县管理员任一乡镇）',
      tag: 'users',
      access: ['township_staff', 'county_admin'],
      params: TownshipAdviserParams,
      response: Me,
      handler: ({ actor, params }) => {
        if (!canAssignAdviser(actor, params.code)) throw new ForbiddenError('只能取消本乡镇的法律顾问');
        return users.setAdviserTownship(params.id, params.code, false);
      },
    }),
  ];
}
