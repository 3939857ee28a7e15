import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import { useState } from 'react';
import type { CheckinResult } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { API_ORIGIN, ApiError } from '../../../../services/http';
import { checkIn, getCivilCodeArticle, getConstitutionArticle, getPoint, getSite, type StatuteArticle } from '../../../../services/guide';
import { currentGcj02Location } from '../../../../components/PlacePicker/location';
import { canManageSite } from '../../manage';
import { SamplePill } from '../../SamplePill';
import '../../styles.css';

const CONSENT_KEY = 'qf.guide.locationConsent';

/** A point of interest: its text, photos and statute articles, and the 打卡 button. */
export default function PointPage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const point = useRequest(() => getPoint(id), [id], { enabled: !!user && !!id });
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const p = point.data;
  // The site decides who may edit; its kind and township come with the site, so ask for it only for staff.
  const site = useRequest(() => getSite(p!.siteId), [p?.siteId], { enabled: !!p && !!user && user.roles.some((r) => r === 'township_staff' || r === 'county_admin') });
  useDidShow(() => {
    if (point.data) void point.reload();
  });

  /** Our own notice first (once), then the location, used only to measure the distance. */
  async function askConsent(): Promise<boolean> {
    if (Taro.getStorageSync(CONSENT_KEY) === 'yes') return true;
    const { confirm } = await Taro.showModal({
      title: '打卡要用您的位置',
      content: '只在您点“打卡”时取一次位置，用来算离点位有多远；位置本身不保存。',
      confirmText: '同意打卡',
      cancelText: '不打卡',
    });
    if (confirm) Taro.setStorageSync(CONSENT_KEY, 'yes');
    return confirm;
  }

  async function doCheckIn() {
    if (!p) return;
    setResult(null);
    if (!(await askConsent())) return;
    setBusy(true);
    try {
      let location;
      try {
        location = await currentGcj02Location();
      } catch {
        setResult({ ok: false, text: '没能取得位置。请打开手机定位，并允许微信使用位置后再试。' });
        return;
      }
      const res: CheckinResult = await checkIn(p.id, location);
      point.setData({ ...p, checkedIn: true });
      if (res.progress.completed && res.firstTime) {
        setResult({ ok: true, text: `打卡成功！这条路线 ${res.progress.total} 站全部走完，获得路线徽章。` });
        void Taro.showModal({ title: '获得路线徽章', content: `恭喜您走完「${p.siteName}」全部 ${res.progress.total} 站！`, showCancel: false, confirmText: '好的' });
      } else if (!res.firstTime) {
        setResult({ ok: true, text: `这里已经打过卡了（${res.progress.checkedIn} / ${res.progress.total} 站）。` });
      } else {
        setResult({ ok: true, text: `打卡成功！已走 ${res.progress.checkedIn} / ${res.progress.total} 站。` });
      }
    } catch (err) {
      setResult({ ok: false, text: err instanceof ApiError ? err.message : '打卡没有成功，请稍后再试' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <PageContainer loading={point.loading && !p} error={point.error} onRetry={point.reload}>
      {p && (
        <>
          <View className='gd-section'>
            <View className='gd-card'>
              <View className='gd-muted'>
                {p.siteName} · 第 {p.routeOrder} 站
              </View>
              <View className='gd-name'>{p.name}</View>
              <SamplePill isSample={p.isSample} what='点位' />
              {p.openingHours && <View className='gd-line'>开放时间：{p.openingHours}</View>}
              {p.text && <View className='gd-line'>{p.text}</View>}
              {p.photos.length > 0 && (
                <View className='gd-photos'>
                  {p.photos.map((photo) => (
                    <Image key={photo.id} className='gd-photo' mode='aspectFill' src={`${API_ORIGIN ?? ''}${photo.url}`} lazyLoad />
                  ))}
                </View>
              )}
            </View>
          </View>

          {(p.civilCodeArticles.length > 0 || p.constitutionArticles.length > 0) && (
            <View className='gd-section'>
              <View className='gd-title'>相关法条</View>
              <View className='gd-card'>
                <Articles numbers={p.civilCodeArticles} law='民法典' fetch={getCivilCodeArticle} />
                <Articles numbers={p.constitutionArticles} law='宪法' fetch={getConstitutionArticle} />
              </View>
            </View>
          )}

          {site.data && canManageSite(user, site.data) && (
            <View className='gd-section'>
              <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/guide/pages/point-form/index?id=${p.id}` })}>
                修改这个点位
              </ActionButton>
            </View>
          )}

          <View className='gd-checkin'>
            <ActionButton block busy={busy} variant={p.checkedIn ? 'secondary' : 'primary'} onClick={() => void doCheckIn()}>
              {p.checkedIn ? '✓ 已打卡（再打一次）' : '我到了，打卡'}
            </ActionButton>
            {result && (
              <View className={`gd-result ${result.ok ? 'gd-result--ok' : 'gd-result--no'}`} ariaRole='status'>
                {result.text}
              </View>
            )}
          </View>
        </>
      )}
    </PageContainer>
  );
}

/** Article numbers as buttons; tapping one shows its text below, fetched from the statute look-up. */
function Articles({ numbers, law, fetch }: { numbers: number[]; law: string; fetch: (n: number) => Promise<StatuteArticle> }) {
  const [open, setOpen] = useState<number | null>(null);
  const [article, setArticle] = useState<StatuteArticle | null>(null);
  const [failed, setFailed] = useState(false);
  if (numbers.length === 0) return null;

  async function toggle(n: number) {
    if (open === n) {
      setOpen(null);
      return;
    }
    setOpen(n);
    setArticle(null);
    setFailed(false);
    try {
      setArticle(await fetch(n));
    } catch {
      setFailed(true);
    }
  }

  return (
    <View style={{ marginBottom: '16px' }}>
      <View className='gd-articles'>
        {numbers.map((n) => (
          <View key={n} className={`gd-article ${open === n ? 'gd-article--open' : ''}`} ariaRole='button' onClick={() => void toggle(n)}>
            {law}第{n}条
          </View>
        ))}
      </View>
      {open !== null && (
        <View className='gd-article-text'>
          {article ? `${article.label}　${article.text}` : failed ? '暂时没能取到条文，请稍后再试。' : '正在取条文…'}
        </View>
      )}
    </View>
  );
}
