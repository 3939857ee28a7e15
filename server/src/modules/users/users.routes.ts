import { AssignRolesBody, Me, Page, UpdateMeBody, UserIdParams, UserListQuery, UserSummary } from '@qf/shared';
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
      handler: ({ user }) => user,
    }),
    defineRoute({
      method: 'patch',
      path: '/me',
      summary: '修改昵称或所在乡镇',
      tag: 'users',
      access: 'user',
      body: UpdateMeBody,
      response: Me,
      handler: ({ user, body }) => users.updateMe(user.id, body),
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
  ];
}
