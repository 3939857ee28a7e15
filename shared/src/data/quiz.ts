/** Question kinds and answer letters without their zod schemas (see data/content.ts). */
export const QUESTION_TYPES = ['single', 'multiple', 'truefalse'] as const;
export type QuestionTypeName = (typeof QUESTION_TYPES)[number];
export const QUESTION_TYPE_LABELS: Record<QuestionTypeName, string> = { single: '单选题', multiple: '多选题', truefalse: '判断题' };

export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

/** A true/false question always has these two options. */
export const TRUE_FALSE_OPTIONS = [
  { key: 'A', text: '正确' },
  { key: 'B', text: '错误' },
] as const;

/** 报错: the longest report a person may send, and the longest staff answer (the form counts down). */
export const REPORT_TEXT_MAX = 300;
export const REPORT_ANSWER_MAX = 500;
