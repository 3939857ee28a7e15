import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Textarea, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { POST_STATUS_LABELS, POST_TYPE_LABELS, townshipName, type StaffPost } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { approvePost, getStaffPost, pinPost, rejectPost, submitPost, withdrawPost } from '../../../../services/content';
import { PostContent } from '../../components/PostContent';
import { explain } from '../../components/explain';
import '../../components/content.css';
import './index.css';

/** A post as staff see it, with what they may do next: edit, submit, approve, reject, pin, withdraw. */
export default function PreviewPage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const post = useRequest(() => getStaffPost(id), [id]);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else void post.reload();
  });

  // While WeChat's verdicts are on their way the page asks again every few seconds, so the author
  // sees it move on to 待审核 (or the reason it was refused) without refreshing.
  const checking = post.data?.status === 'checking';
  useEffect(() => {
    if (!checking) return undefined;
    const timer = setInterval(() => void post.reload(), 3000);
    return () => clearInterval(timer);
  }, [checking]);

  async function act(name: string, action: () => Promise<StaffPost>, done: string) {
    setBusy(name);
    setProblem(null);
    try {
      post.setData(await action());
      setRejecting(false);
      void Taro.showToast({ title: done, icon: 'success' });
    } catch (err) {
      setProblem(explain(err));
    } finally {
      setBusy(null);
    }
  }

  const p = post.data;
  const isAdmin = !!user?.roles.includes('county_admin');
  const mine = !!p && p.authorId === user?.id;
  return (
    <PageContainer loading={post.loading && !p} error={post.error} onRetry={() => void post.reload()}>
      {p && (
        <>
          <View className='cp-banner cp-banner--info preview__status'>
            <View className={`cp-status cp-status--${p.status}`}>{POST_STATUS_LABELS[p.status]}</View>
            <View className='preview__status-text'>{statusText(p)}</View>
          </View>
          {p.rejection && p.status === 'rejected' && (
            <View className='cp-banner cp-banner--error preview__reason'>
              {p.rejection.by === 'security' ? '微信内容安全检测' : '审核'}未通过：{p.rejection.reason}
            </View>
          )}
          {p.securityNote && <View className='cp-banner cp-banner--warn'>提醒审核人：{p.securityNote}</View>}

          <View className='cp-card'>
            <View className='cp-title'>{p.title}</View>
            <View className='cp-meta'>
              <View>{POST_TYPE_LABELS[p.type]}</View>
              <View>进{p.channel}</View>
              <View>{p.scope === 'county' ? '全县' : p.townshipCodes.map(townshipName).join('、')}</View>
              <View>作者：{p.authorName}</View>
              {p.status === 'published' && <View>浏览 {p.viewCount}</View>}
            </View>
            {p.summary && <View className='cp-summary'>{p.summary}</View>}
            <PostContent type={p.type} body={p.body} lyrics={p.lyrics} cover={p.cover} media={p.media} />
          </View>

          {problem && <View className='cp-banner cp-banner--error'>{problem}</View>}
          {rejecting && (
            <View className='cp-card'>
              <View className='cp-section-title'>退回原因</View>
              <Textarea className='preview__reason-input' value={reason} maxlength={200} placeholder='写清楚要怎么改，作者会看到' onInput={(e) => setReason(e.detail.value)} />
            </View>
          )}
          <View className='cp-actions preview__actions'>
            {mine && ['draft', 'rejected', 'withdrawn'].includes(p.status) && (
              <ActionButton variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/content/pages/editor/index?id=${p.id}` })}>
                修改
              </ActionButton>
            )}
            {mine && ['draft', 'rejected'].includes(p.status) && (
              <ActionButton busy={busy === 'submit'} onClick={() => void act('submit', () => submitPost(p.id), '已提交')}>
                提交审核
              </ActionButton>
            )}
            {isAdmin && p.status === 'in_review' && !rejecting && (
              <>
                <ActionButton busy={busy === 'approve'} onClick={() => void act('approve', () => approvePost(p.id), p.publishAt ? '已通过，将定时发布' : '已发布')}>
                  通过并发布
                </ActionButton>
                <ActionButton variant='secondary' onClick={() => setRejecting(true)}>
                  退回
                </ActionButton>
              </>
            )}
            {isAdmin && p.status === 'in_review' && rejecting && (
              <>
                <ActionButton busy={busy === 'reject'} onClick={() => void act('reject', () => rejectPost(p.id, reason), '已退回')}>
                  确认退回
                </ActionButton>
                <ActionButton variant='secondary' onClick={() => setRejecting(false)}>
                  取消
                </ActionButton>
              </>
            )}
            {isAdmin && ['published', 'scheduled'].includes(p.status) && (
              <ActionButton variant='secondary' busy={busy === 'pin'} onClick={() => void act('pin', () => pinPost(p.id, !p.pinned), p.pinned ? '已取消置顶' : '已置顶')}>
                {p.pinned ? '取消置顶' : '置顶'}
              </ActionButton>
            )}
            {(mine || isAdmin) && ['published', 'scheduled'].includes(p.status) && (
              <ActionButton
                variant='secondary'
                busy={busy === 'withdraw'}
                onClick={() =>
                  void Taro.showModal({ title: '撤回这条内容？', content: '撤回后群众就看不到了。', confirmText: '撤回', cancelText: '不撤回' }).then((r) => {
                    if (r.confirm) void act('withdraw', () => withdrawPost(p.id), '已撤回');
                  })
                }
              >
                撤回
              </ActionButton>
            )}
            {p.status === 'published' && (
              <ActionButton variant='plain' onClick={() => void Taro.navigateTo({ url: `/packages/content/pages/post/index?id=${p.id}` })}>
                看群众看到的样子
              </ActionButton>
            )}
          </View>
        </>
      )}
    </PageContainer>
  );
}

function statusText(p: StaffPost): string {
  switch (p.status) {
    case 'draft':
      return '草稿只有你自己能看到。';
    case 'checking':
      return '正在等待微信内容安全检测结果，通过后自动进入审核。';
    case 'in_review':
      return '等待县司法局审核。';
    case 'rejected':
      return '请按原因修改后重新提交。';
    case 'scheduled':
      return `已通过审核，将于 ${p.publishAt?.slice(0, 16).replace('T', ' ')} 自动发布。`;
    case 'published':
      return `已发布${p.pinned ? '，置顶中' : ''}。`;
    case 'withdrawn':
      return '已撤回，群众看不到了。可以修改后重新提交。';
  }
}
