import { QUESTION_TYPE_LABELS, type ManagedQuestion, type QuestionType } from '@qf/shared';

export const TYPE_LABELS: Record<QuestionType, string> = QUESTION_TYPE_LABELS;
export const STATUS_LABELS = { active: '在用', retired: '已停用' } as const;

/** "B" or "正确" for a true/false question. */
export function answerText(q: Pick<ManagedQuestion['content'], 'type' | 'answer'>) {
  if (q.type === 'truefalse') return q.answer[0] === 'A' ? '正确' : '错误';
  return q.answer.join('');
}

export const articlesText = (articles: readonly number[]) => articles.map((n) => `第${n}条`).join('、');
