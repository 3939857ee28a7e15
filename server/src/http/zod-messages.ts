import { z } from 'zod';
import type { $ZodRawIssue } from 'zod/v4/core';

/**
 * zod's own messages are English ("Invalid input: expected number, received null"). Every 400
 * reaches a person, so the messages a schema does not spell out itself are set here once, for
 * every route: a schema's own message (e.g. `Text(60)`'s 「不能为空」) still wins.
 */
type Issue = $ZodRawIssue;

const TYPE_WORDS: Record<string, string> = {
  number: '应填数字',
  int: '应填整数',
  string: '应填文字',
  boolean: '应选“是”或“否”',
  array: '应是一组选项',
  object: '格式不对',
  date: '应填日期',
};

const FORMAT_WORDS: Record<string, string> = {
  datetime: '不是有效的日期和时间',
  date: '不是有效的日期',
  time: '不是有效的时间',
  email: '不是有效的电子邮箱',
  url: '不是有效的网址',
  regex: '格式不对',
  starts_with: '格式不对',
  ends_with: '格式不对',
  includes: '格式不对',
};

function chinese(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return '不能为空';
      return TYPE_WORDS[issue.expected] ?? '格式不对';
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '不能为空' : `至少 ${min} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? '请至少选一项' : `至少 ${min} 项`;
      if (issue.origin === 'date') return '时间太早';
      return issue.inclusive === false ? `必须大于 ${min}` : `不能小于 ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过 ${max} 个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      if (issue.origin === 'date') return '时间太晚';
      return issue.inclusive === false ? `必须小于 ${max}` : `不能大于 ${max}`;
    }
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? '格式不对';
    case 'not_multiple_of':
      return `必须是 ${String(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return '这里不能填这一项';
    case 'invalid_value':
      return '不是可选的值';
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return '格式不对';
    default:
      return '填写有误';
  }
}

z.config({ customError: (issue) => chinese(issue as Issue) });

/** What a field is called on the forms, for the one-line message over a 400. */
const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  name: '名称',
  displayName: '名字',
  address: '地址',
  venue: '地点',
  location: '位置',
  latitude: '位置',
  longitude: '位置',
  startAt: '开始时间',
  endAt: '结束时间',
  date: '日期',
  time: '时间',
  capacity: '人数上限',
  notes: '备注',
  note: '备注',
  speaker: '主讲人',
  unit: '单位',
  topics: '主题',
  tags: '标签',
  townshipCode: '乡镇',
  townshipCodes: '乡镇',
  phone: '手机号',
  count: '人数',
  headcount: '到场人数',
  photos: '照片',
  token: '签到码',
  reason: '原因',
  content: '内容',
  body: '正文',
  summary: '摘要',
  year: '年份',
  month: '月份',
  quota: '年度任务',
  limit: '每页条数',
  offset: '翻页位置',
  q: '搜索词',
  status: '状态',
  roles: '角色',
  code: '代码',
  id: '编号',
  kind: '类别',
  services: '服务项目',
  rule: '集日',
  days: '集日',
  answers: '答案',
  options: '选项',
  stem: '题目',
  answer: '答案',
  explanation: '解析',
  openingHours: '开放时间',
  description: '介绍',
  intro: '介绍',
  templateId: '订阅消息模板',
  cover: '封面',
  coverId: '封面',
  lyrics: '唱词',
  channel: '六进渠道',
  publishAt: '发布时间',
  scope: '给谁看',
  mediaId: '媒体文件',
};

/** 「标题」 for `body.title`, 「主讲人」 for `body.speaker.name`'s parent when the leaf is generic. */
const PAIR_LABELS: Record<string, string> = {
  'speaker.name': '主讲人',
  'speaker.unit': '主讲人单位',
  'venue.name': '地点',
  'venue.address': '地址',
};

export function fieldLabel(path: readonly PropertyKey[]): string | null {
  const keys = path.filter((k): k is string => typeof k === 'string');
  const pair = PAIR_LABELS[keys.slice(-2).join('.')];
  if (pair) return pair;
  for (let i = keys.length - 1; i >= 0; i--) {
    const label = FIELD_LABELS[keys[i]!];
    if (label) return label;
  }
  return null;
}
