import Taro, { useRouter } from '@tarojs/taro';
import { Input, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { ActionButton } from '../../../../components/ActionButton';
import { Field, showFailure, useSubmit } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { getFaq, publishFaq, retireFaq, saveFaq } from '../../../../services/consult';
import '../../consult.css';

/**
 * The adviser turns a masked draft into a clean question and answer. Names, phone numbers, ID
 * numbers and house numbers were already replaced with [姓名], [电话] …; he checks nothing is left.
 */
export default function FaqEditPage() {
  const id = useRouter().params.id ?? '';
  const faq = useRequest(() => getFaq(id), [id], { enabled: !!id });
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');
  const [articles, setArticles] = useState('');
  const [topic, setTopic] = useState('');
  const { saving, errors, submit } = useSubmit('没有保存成功');
  const f = faq.data;
  useEffect(() => {
    if (!f) return;
    setTitle(f.title);
    setQuestion(f.question);
    setAnswer(f.answer);
    setArticles(f.articles.join('、'));
    setTopic(f.topic);
  }, [f?.id]);

  const body = () => ({ title, question, answer, topic, articles: articles.split(/[,，、\s]+/).filter(Boolean).map((s) => Number(s.replace(/[^\d]/g, ''))) });

  async function saveAndPublish() {
    await submit(async () => {
      if (f?.status !== 'published') await saveFaq(id, body());
      try {
        faq.setData(await publishFaq(id));
        void Taro.showToast({ title: '已发布', icon: 'success' });
      } catch (err) {
        showFailure('没有发布', err);
        void faq.reload();
      }
    });
  }

  return (
    <PageContainer title='整理公开问答' subtitle={f ? (f.status === 'published' ? '已发布：乡亲们能在常见问答里看到' : f.status === 'retired' ? '已撤下' : '草稿：发布前请检查没有个人信息') : ''} loading={faq.loading} error={faq.error} onRetry={() => void faq.reload()}>
      {f && (
        <View className='cs'>
          {f.refusal && <View className='cs__late' style={{ marginBottom: '20px' }}>{f.refusal}</View>}
          <Field label='标题' error={errors.title}>
            <Input className='qf-input' value={title} onInput={(e) => setTitle(e.detail.value)} />
          </Field>
          <Field label='问题' error={errors.question}>
            <Textarea className='cs__textarea' value={question} maxlength={-1} onInput={(e) => setQuestion(e.detail.value)} />
          </Field>
          <Field label='回答' error={errors.answer}>
            <Textarea className='cs__textarea' value={answer} maxlength={-1} onInput={(e) => setAnswer(e.detail.value)} />
          </Field>
          <Field label='依据的民法典条文（条号）' error={errors.articles}>
            <Input className='qf-input' value={articles} onInput={(e) => setArticles(e.detail.value)} />
          </Field>
          <Field label='话题' error={errors.topic}>
            <Input className='qf-input' value={topic} onInput={(e) => setTopic(e.detail.value)} />
          </Field>
          <View className='cs__actions'>
            {f.status !== 'published' && (
              <ActionButton block busy={saving} onClick={() => void saveAndPublish()}>
                检查并发布
              </ActionButton>
            )}
            {f.status !== 'published' && (
              <ActionButton block variant='secondary' busy={saving} onClick={() => void submit(async () => { faq.setData(await saveFaq(id, body())); void Taro.showToast({ title: '已保存', icon: 'success' }); })}>
                只保存
              </ActionButton>
            )}
            {f.status === 'published' && (
              <ActionButton block variant='secondary' busy={saving} onClick={() => void submit(async () => faq.setData(await retireFaq(id)))}>
                撤下
              </ActionButton>
            )}
          </View>
        </View>
      )}
    </PageContainer>
  );
}
