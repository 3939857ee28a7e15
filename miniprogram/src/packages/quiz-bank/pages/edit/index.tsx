import Taro, { useRouter } from '@tarojs/taro';
import { Input, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import {
  CIVIL_CODE_BOOKS,
  OPTION_LETTERS,
  TRUE_FALSE_OPTIONS,
  parseArticleList,
  type CivilCodeBook,
  type ManagedQuestion,
  type OptionLetter,
  type QuestionContent,
  type QuestionType,
} from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { ApiError } from '../../../../services/http';
import { createQuestion, getQuestion, setQuestionStatus, updateQuestion } from '../../../../services/quiz-bank';
import { BankStaffOnly, useBankStaff } from '../../access';
import { STATUS_LABELS, TYPE_LABELS } from '../../labels';
import '../../bank.css';

interface Form {
  type: QuestionType;
  book: CivilCodeBook;
  stem: string;
  options: string[];
  answer: OptionLetter[];
  explanation: string;
  articles: string;
  difficulty: number;
  tags: string;
}

const EMPTY: Form = { type: 'single', book: '总则', stem: '', options: ['', '', '', ''], answer: [], explanation: '', articles: '', difficulty: 1, tags: '' };

function toForm(q: ManagedQuestion): Form {
  const c = q.content;
  return {
    type: c.type,
    book: c.book,
    stem: c.stem,
    options: c.type === 'truefalse' ? ['', '', '', ''] : c.options.map((o) => o.text),
    answer: [...c.answer],
    explanation: c.explanation,
    articles: c.articles.join('、'),
    difficulty: c.difficulty,
    tags: c.tags.join('、'),
  };
}

/** Builds the content, or says in plain words what is missing before anything is sent. */
function toContent(f: Form): { content?: QuestionContent; problem?: string } {
  const articles = parseArticleList(f.articles);
  if (!f.stem.trim()) return { problem: '请填写题干' };
  const options =
    f.type === 'truefalse' ? TRUE_FALSE_OPTIONS.map((o) => ({ ...o })) : f.options.map((text, i) => ({ key: OPTION_LETTERS[i]!, text: text.trim() })).filter((o) => o.text);
  if (f.type !== 'truefalse' && options.some((o, i) => o.key !== OPTION_LETTERS[i])) return { problem: '选项请从 A 起依次填写，中间不要空' };
  if (f.answer.length === 0) return { problem: '请点选正确答案' };
  if (!articles) return { problem: '请填写引用的法条编号，如 1043、1044' };
  const tags = f.tags
    .split(/[、,，\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    content: { type: f.type, book: f.book, stem: f.stem.trim(), options, answer: [...f.answer].sort(), explanation: f.explanation.trim(), articles, difficulty: f.difficulty, tags },
  };
}

/** Add a question (no id) or edit one (?id=…): every field, the right answer tapped on its letter. */
export default function QuestionEditor() {
  const { params } = useRouter();
  const id = params.id ? decodeURIComponent(params.id) : undefined;
  const allowed = useBankStaff();
  const existing = useRequest(() => getQuestion(id!), [id], { enabled: !!id && allowed });
  const [form, setForm] = useState<Form>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; details?: string[] } | null>(null);

  useEffect(() => {
    if (existing.data) setForm(toForm(existing.data));
  }, [existing.data]);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const letters = form.type === 'truefalse' ? (['A', 'B'] as OptionLetter[]) : OPTION_LETTERS.slice(0, form.options.length);

  function toggleAnswer(letter: OptionLetter) {
    if (form.type === 'multiple') set('answer', form.answer.includes(letter) ? form.answer.filter((l) => l !== letter) : [...form.answer, letter]);
    else set('answer', [letter]);
  }

  function changeType(type: QuestionType) {
    setForm((f) => ({ ...f, type, answer: type === 'multiple' ? f.answer : f.answer.slice(0, 1) }));
  }

  async function save() {
    const built = toContent(form);
    if (!built.content) {
      setMessage({ ok: false, text: built.problem! });
      return;
    }
    setSaving(true);
    setMessage(null);
    try {
      const saved = id && existing.data ? await updateQuestion(id, built.content, existing.data.version) : await createQuestion(built.content);
      existing.setData(saved);
      setMessage({ ok: true, text: id ? '已保存' : `已加入题库（编号 ${saved.id}）` });
      if (!id) void Taro.redirectTo({ url: `/packages/quiz-bank/pages/edit/index?id=${encodeURIComponent(saved.id)}` });
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      const details = Array.isArray(e?.details) ? (e!.details as { message?: string }[]).map((d) => d.message ?? '').filter(Boolean) : undefined;
      setMessage({ ok: false, text: e?.message ?? '保存失败，请稍后重试', details });
    } finally {
      setSaving(false);
    }
  }

  async function toggleStatus() {
    if (!existing.data) return;
    setSaving(true);
    try {
      const next = existing.data.status === 'active' ? 'retired' : 'active';
      existing.setData(await setQuestionStatus(existing.data.id, next));
      setMessage({ ok: true, text: next === 'retired' ? '已停用：以后不会再出这道题' : '已恢复使用' });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : '操作失败' });
    } finally {
      setSaving(false);
    }
  }

  return (
    <PageContainer className='qb' loading={!!id && existing.loading && !existing.data} error={existing.error} onRetry={() => void existing.reload()}>
      <BankStaffOnly>
        <View className='qb__head'>
          <View className='qb__title'>{id ? '修改题目' : '新增题目'}</View>
          <View className='qb__subtitle'>
            {existing.data ? `编号 ${existing.data.id} · ${STATUS_LABELS[existing.data.status]} · 第 ${existing.data.version} 版` : '解析里引用法条原文请放在「」里，系统会逐字核对'}
          </View>
        </View>

        <View className='qb__label'>题型</View>
        <View className='qb__chips'>
          {(Object.keys(TYPE_LABELS) as QuestionType[]).map((t) => (
            <View key={t} className={`qb__chip ${form.type === t ? 'qb__chip--on' : ''}`} ariaRole='button' onClick={() => changeType(t)}>
              {TYPE_LABELS[t]}
            </View>
          ))}
        </View>

        <View className='qb__label'>属于哪一编</View>
        <View className='qb__chips'>
          {CIVIL_CODE_BOOKS.map((b) => (
            <View key={b} className={`qb__chip ${form.book === b ? 'qb__chip--on' : ''}`} ariaRole='button' onClick={() => set('book', b)}>
              {b}
            </View>
          ))}
        </View>

        <View className='qb__label'>题干</View>
        <View className='qb__field'>
          <Textarea className='qb__textarea qb__stem' value={form.stem} maxlength={300} placeholder='用群众听得懂的话出题' onInput={(e) => set('stem', e.detail.value)} />
        </View>

        <View className='qb__label'>{form.type === 'truefalse' ? '答案（点选）' : '选项（点字母标出正确答案）'}</View>
        {form.type === 'truefalse'
          ? TRUE_FALSE_OPTIONS.map((o) => (
              <View key={o.key} className='qb__option'>
                <View className={`qb__option-key ${form.answer.includes(o.key) ? 'qb__option-key--right' : ''}`} ariaRole='button' onClick={() => toggleAnswer(o.key)}>
                  {o.key}
                </View>
                <View>{o.text}</View>
              </View>
            ))
          : form.options.map((text, i) => (
              <View key={i} className='qb__option'>
                <View className={`qb__option-key ${form.answer.includes(letters[i]!) ? 'qb__option-key--right' : ''}`} ariaRole='button' onClick={() => toggleAnswer(letters[i]!)}>
                  {letters[i]}
                </View>
                <Input
                  className='qb__input qb__option-input'
                  value={text}
                  maxlength={200}
                  placeholder={`选项 ${letters[i]}`}
                  onInput={(e) => set('options', form.options.map((t, j) => (j === i ? e.detail.value : t)))}
                />
              </View>
            ))}
        {form.type !== 'truefalse' && (
          <View className='qb__toolbar'>
            <View className='qb__toolbar-item'>
              <ActionButton variant='plain' size='medium' block disabled={form.options.length >= 6} onClick={() => set('options', [...form.options, ''])}>
                加一个选项
              </ActionButton>
            </View>
            <View className='qb__toolbar-item'>
              <ActionButton
                variant='plain'
                size='medium'
                block
                disabled={form.options.length <= 2}
                onClick={() => setForm((f) => ({ ...f, options: f.options.slice(0, -1), answer: f.answer.filter((l) => l !== OPTION_LETTERS[f.options.length - 1]) }))}
              >
                去掉最后一个
              </ActionButton>
            </View>
          </View>
        )}

        <View className='qb__label'>解析</View>
        <View className='qb__field'>
          <Textarea
            className='qb__textarea qb__explanation'
            value={form.explanation}
            maxlength={1000}
            placeholder='讲清道理；引用法条原文放在「」里'
            onInput={(e) => set('explanation', e.detail.value)}
          />
        </View>

        <View className='qb__label'>引用的法条</View>
        <View className='qb__field'>
          <Input className='qb__input qb__articles' value={form.articles} placeholder='如 1043、1044 或 第1043条' onInput={(e) => set('articles', e.detail.value)} />
        </View>

        <View className='qb__label'>难度</View>
        <View className='qb__chips'>
          {[1, 2, 3].map((d) => (
            <View key={d} className={`qb__chip ${form.difficulty === d ? 'qb__chip--on' : ''}`} ariaRole='button' onClick={() => set('difficulty', d)}>
              {['易', '中', '难'][d - 1]}
            </View>
          ))}
        </View>

        <View className='qb__label'>标签（可不填）</View>
        <View className='qb__field'>
          <Input className='qb__input' value={form.tags} placeholder='如 宅基地、相邻关系' onInput={(e) => set('tags', e.detail.value)} />
        </View>

        {message && (
          <View className={message.ok ? 'qb__ok' : 'qb__error'} ariaRole={message.ok ? 'status' : 'alert'}>
            {message.text}
            {message.details && message.details.length > 1 && message.details.map((d, i) => <View key={i}>· {d}</View>)}
          </View>
        )}

        <View className='qb__actions'>
          <ActionButton block busy={saving} onClick={() => void save()}>
            {id ? '保存修改' : '加入题库'}
          </ActionButton>
          {existing.data && (
            <ActionButton block variant='secondary' busy={saving} onClick={() => void toggleStatus()}>
              {existing.data.status === 'active' ? '停用这道题' : '恢复使用'}
            </ActionButton>
          )}
        </View>
      </BankStaffOnly>
    </PageContainer>
  );
}
