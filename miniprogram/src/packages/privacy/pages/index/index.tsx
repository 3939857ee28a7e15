import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../../components/ActionButton';
import { checked } from '../../../../components/a11y';
import { showFailure } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useSession } from '../../../../hooks/useSession';
import { closeAccount, exportMyData } from '../../../../services/privacy';
import { endSession, signIn } from '../../../../services/session';
import '../../privacy.css';
import { nativeColor } from '../../../../theme/tokens';

const HELD = ['名字、所在乡镇、显示方式（标准版或长辈版）', '报名和签到过的讲座', '答题成绩和证书', '问一问：您的提问、留的电话、照片和录音', '题目报错', '法治文化公园的打卡和徽章'];

const AFTER_CLOSING = [
  '您的名字、电话和微信的关联会被删除；提问里的姓名、电话会被遮住，照片和录音会被删除。',
  '您的证书会作废，别人查验时会看到“已撤回”。',
  '讲座签到人数、答题排名这些统计数字还在，但不再显示您的名字。',
  '注销后不能恢复。以后再用微信打开，会当作新用户。',
];

/**
 * 我的数据与账号: what the app keeps about the person, a copy of it (导出我的数据), and 注销. The
 * 注销 button stays off until he ticks that he has read what happens, and asks once more.
 */
export default function PrivacyPage() {
  const { user } = useSession();
  const [exporting, setExporting] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [closing, setClosing] = useState(false);
  // After 注销 the app restarts on this page; any other page says the account is closed (PageContainer).
  const closed = useRouter().params.closed === '1';

  async function download() {
    setExporting(true);
    try {
      await exportMyData();
    } catch (err) {
      showFailure('没能导出', err);
    } finally {
      setExporting(false);
    }
  }

  async function close() {
    const sure = await Taro.showModal({ title: '确定注销账号吗？', content: '注销后不能恢复。', confirmText: '确定注销', confirmColor: nativeColor('--qf-brand'), cancelText: '再想想' });
    if (!sure.confirm) return;
    setClosing(true);
    try {
      await closeAccount();
      endSession();
      void Taro.reLaunch({ url: '/packages/privacy/pages/index/index?closed=1' });
    } catch (err) {
      showFailure('没能注销', err);
    } finally {
      setClosing(false);
    }
  }

  async function startAgain() {
    await signIn().catch(() => undefined);
    void Taro.reLaunch({ url: '/pages/home/index' });
  }

  if (closed) {
    return (
      // Nobody is signed in now: the page shows without waiting for a sign-in.
      <PageContainer title='账号已注销' requireLogin={false}>
        <View className='pv'>
          <View className='pv-card'>
            <View className='pv-text'>您的账号已经注销，个人信息已删除。谢谢您使用清丰普法。</View>
            <ActionButton block onClick={() => void startAgain()}>
              以新用户身份重新开始
            </ActionButton>
          </View>
        </View>
      </PageContainer>
    );
  }

  return (
    <PageContainer title='我的数据与账号' subtitle={user ? `${user.displayName}，您的信息只用于普法服务` : undefined}>
      <View className='pv'>
      <View className='pv-card'>
        <View className='pv-title'>我们保存了您的这些信息</View>
        {HELD.map((line) => (
          <View key={line} className='pv-item'>
            · {line}
          </View>
        ))}
        <View className='pv-hint'>导出的文件里是全部内容，可以自己留存或交给别人查看。</View>
        <ActionButton variant='secondary' block busy={exporting} onClick={() => void download()}>
          导出我的数据
        </ActionButton>
      </View>

      <View className='pv-card'>
        <View className='pv-title'>注销账号</View>
        {AFTER_CLOSING.map((line) => (
          <View key={line} className='pv-item'>
            · {line}
          </View>
        ))}
        <View className={`pv-check ${understood ? 'pv-check--on' : ''}`} ariaRole='checkbox' {...checked(understood)} onClick={() => setUnderstood(!understood)}>
          <View className='pv-check__box'>{understood ? '✓' : ''}</View>
          我已了解以上内容
        </View>
        <ActionButton block disabled={!understood} busy={closing} onClick={() => void close()}>
          注销账号
        </ActionButton>
      </View>
      </View>
    </PageContainer>
  );
}
