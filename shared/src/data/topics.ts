/**
 * Topic lists without their zod schemas (schemas/topics.ts), so pages that only show them do not
 * load zod (see data/content.ts).
 */

/** The seven books of the 民法典, the spine of quiz pools and lecture topics. */
export const CIVIL_CODE_BOOKS = ['总则', '物权', '合同', '人格权', '婚姻家庭', '继承', '侵权责任'] as const;

/**
 * Topic tags are shared by lectures, quizzes, law fairs and posts, so that what people ask at a
 * fair or get wrong in a quiz can become a township's next lecture topic. Free tags are allowed;
 * these are the suggestions offered in forms.
 */
export const SUGGESTED_TOPICS = [
  ...CIVIL_CODE_BOOKS,
  '土地承包',
  '宅基地',
  '婚姻家庭',
  '赡养老人',
  '遗嘱继承',
  '相邻关系',
  '民间借贷',
  '劳动报酬',
  '交通事故',
  '饲养动物',
  '个人信息',
  '电信诈骗',
  '未成年人保护',
  '宪法',
  '反家庭暴力',
  '法律援助',
  '人民调解',
] as const;

/** 法律六进: the six channels outreach is organised by. */
export const OUTREACH_CHANNELS = ['机关', '乡村', '社区', '学校', '企业', '单位'] as const;
