import { Roster, RosterImportConfirmBody, RosterImportReport, RosterImportResult, RosterPerson, RosterPersonBody, RosterPersonParams, RosterQuery, VillageLiaisons, VillageParams, townshipName } from '@qf/shared';
import { defineRoute, type AnyRoute } from '../../http/route';
import { receiveWorkbook, sendWorkbook, XLSX_MIME } from '../../lib/excel-import';
import { rosterTemplate, rosterWorkbook } from './roster.excel';
import type { RosterService } from './roster.service';

const tag = 'roster';
const STAFF = ['township_staff', 'county_admin'] as const;

export function rosterRoutes(roster: RosterService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/roster',
      summary: '乡镇名册：各村法律明白人（不足 3 名的村排在前面）、普法员和带教的明白人、法律顾问',
      tag,
      access: STAFF,
      query: RosterQuery,
      response: Roster,
      handler: ({ actor, query }) => roster.roster(actor, query.townshipCode),
    }),
    defineRoute({
      method: 'post',
      path: '/roster/people',
      summary: '在名册里添加一个人（同一乡镇同一手机号只能有一个）',
      tag,
      access: STAFF,
      body: RosterPersonBody,
      response: RosterPerson,
      status: 201,
      handler: ({ actor, body }) => roster.add(actor, body),
    }),
    defineRoute({
      method: 'put',
      path: '/roster/people/:id',
      summary: '修改名册里一个人的信息',
      tag,
      access: STAFF,
      params: RosterPersonParams,
      body: RosterPersonBody,
      response: RosterPerson,
      handler: ({ actor, params, body }) => roster.update(actor, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/roster/people/:id',
      summary: '从名册里删除一个人',
      tag,
      access: STAFF,
      params: RosterPersonParams,
      status: 204,
      handler: async ({ actor, params }) => {
        await roster.remove(actor, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/roster/template',
      summary: '下载名册导入模板（.xlsx：姓名、手机号、村、身份、服务时间、公开电话）',
      tag,
      access: STAFF,
      produces: XLSX_MIME,
      handler: async ({ ctx }) => sendWorkbook(ctx, await rosterTemplate(), 'roster-template.xlsx', '名册导入模板.xlsx'),
    }),
    defineRoute({
      method: 'post',
      path: '/roster/imports',
      summary: '上传填好的名册，先得到逐行检查报告（新增、更新、不变、有问题）；此时还不入库',
      tag,
      access: STAFF,
      query: RosterQuery,
      response: RosterImportReport,
      status: 201,
      handler: async ({ ctx, actor, query }) => roster.previewImport(actor, query.townshipCode, await receiveWorkbook(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/roster/imports/confirm',
      summary: '确认导入报告中勾选的行；有问题的行不能导入（400，什么都不存）；同一文件导入两次不会重复',
      tag,
      access: STAFF,
      body: RosterImportConfirmBody,
      response: RosterImportResult,
      handler: ({ actor, body }) => roster.confirmImport(actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/roster/export',
      summary: '导出乡镇名册（.xlsx：全部人员，和各村法律明白人是否够 3 名）',
      tag,
      access: STAFF,
      query: RosterQuery,
      produces: XLSX_MIME,
      handler: async ({ ctx, actor, query }) => {
        const data = await roster.roster(actor, query.townshipCode);
        sendWorkbook(ctx, await rosterWorkbook(data), 'roster.xlsx', `${townshipName(data.townshipCode)}名册.xlsx`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/villages/:id/liaisons',
      summary: '本村的法律明白人：姓名、服务时间；本人同意公开的才显示电话',
      tag,
      access: 'user',
      params: VillageParams,
      response: VillageLiaisons,
      handler: ({ params }) => roster.liaisons(params.id),
    }),
  ];
}
