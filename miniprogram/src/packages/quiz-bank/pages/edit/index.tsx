import Taro, { useRouter } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
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
import { FieldError, TextArea, TextInput, fieldErrorsOf, showFailure, type FieldErrors } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { ApiError } from '../../../../services/http';
import { useRequest } from '../../../../hooks/useRequest';
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

/** The fields this form shows a refusal under. */
const SHOWN: readonly string[] = ['stem', 'options', 'answer', 'explanation', 'articles', 'book', 'tags', 'difficulty'];

/** A detail of `body.content.stem` (or `body.version`) belongs to the form's `stem` (`version`). */
const placeOf = (path: string) => path.replace(/^body\.(content\.)?/, '').split('.')[0] ?? '';

/** Builds the content, or says in plain words, under the field, what is missing before anything is sent. */
function toContent(f: Form): { content?: QuestionContent; problems?: FieldErrors } {
  const articles = parseArticleList(f.articles);
  if (!f.stem.trim()) return { problems: { stem: '请填写题干' } };
  const options =
    f.type === 'truefalse' ? TRUE_FALSE_OPTIONS.map((o) => ({ ...o })) : f.options.map((text, i) => ({ key: OPTION_LETTERS[i]!, text: text.trim() })).filter((o) => o.text);
  if (f.type !== 'truefalse' && options.some((o, i) => o.key !== OPTION_LETTERS[i])) return { problems: { options: '选项请从 A 起依次填写，中间不要空' } };
  if (f.answer.length === 0) return { problems: { answer: '请点选正确答案' } };
  if (!articles) return { problems: { articles: '请填写引用的法条编号，如 1043、1044' } };
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
  // What went well (已保存); a refusal is shown under the field it names, or in a dialog.
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  // The refusal in words beside the button (the first field's problem, or the server's message).
  const [problem, setProblem] = useState<string | null>(null);

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
    setMessage(null);
    setErrors(built.problems ?? {});
    setProblem(built.problems ? Object.values(built.problems)[0]! : null);
    if (!built.content) return;
    setSaving(true);
    try {
      const saved = id && existing.data ? await updateQuestion(id, built.content, existing.data.version) : await createQuestion(built.content);
      existing.setData(saved);
      setMessage(id ? '已保存' : `已加入题库（编号 ${saved.id}）`);
      if (!id) void Taro.redirectTo({ url: `/packages/quiz-bank/pages/edit/index?id=${encodeURIComponent(saved.id)}` });
    } catch (err) {
      const found = fieldErrorsOf(err, placeOf);
      if (Object.keys(found).some((k) => SHOWN.includes(k))) {
        setErrors(found);
        setProblem(err instanceof ApiError ? err.message : null);
      } else showFailure('没有保存', err);
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
      setMessage(next === 'retired' ? '已停用：以后不会再出这道题' : '已恢复使用');
    } catch (err) {
      showFailure('没有改成', err);
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
          <TextArea label='题干' value={form.stem} maxlength={300} placeholder='用群众听得懂的话出题' onChange={(v) => set('stem', v)} />
          <FieldError error={errors.stem} />
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
        <FieldError error={errors.options} />
        <FieldError error={errors.answer} />
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
          <TextArea label='解析' tall value={form.explanation} maxlength={1000} placeholder='讲清道理；引用法条原文放在「」里' onChange={(v) => set('explanation', v)} />
          <FieldError error={errors.explanation} />
        </View>

        <View className='qb__label'>引用的法条</View>
        <View className='qb__field'>
          <TextInput label='引用的法条' value={form.articles} placeholder='如 1043、1044 或 第1043条' onChange={(v) => set('articles', v)} />
          <FieldError error={errors.articles ?? errors.book} />
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
          <TextInput label='标签' value={form.tags} placeholder='如 宅基地、相邻关系' onChange={(v) => set('tags', v)} />
          <FieldError error={errors.tags ?? errors.difficulty} />
        </View>

        {problem && (
          <View className='qb__error' ariaRole='alert'>
            {problem}
          </View>
        )}
        {message && (
          <View className='qb__ok' ariaRole='status'>
            {message}
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
