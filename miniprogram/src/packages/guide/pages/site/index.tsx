import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Map, View } from '@tarojs/components';
import type { GuidePoint, SiteDetail } from '@qf/shared';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { getSite } from '../../../../services/guide';
import { ActionButton } from '../../../../components/ActionButton';
import { canManageSite } from '../../manage';
import { SamplePill } from '../../SamplePill';
import '../../styles.css';
import { alt } from '../../../../components/a11y';
import { nativeColor } from '../../../../theme/tokens';

/** A site: its route on a map (WeChat) or a plan drawing (H5, offline), the stops in order, and the user's progress. */
export default function SitePage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const site = useRequest(() => getSite(id), [id], { enabled: !!user && !!id });
  // Back from a point after checking in: show the new progress.
  useDidShow(() => {
    if (site.data) void site.reload();
  });
  const s = site.data;
  const open = (p: GuidePoint) => void Taro.navigateTo({ url: `/packages/guide/pages/point/index?id=${p.id}` });

  return (
    <PageContainer loading={site.loading && !s} error={site.error} onRetry={site.reload}>
      {s && (
        <>
          <View className='gd-section'>
            <View className='gd-card'>
              <View className='gd-name'>{s.name}</View>
              <SamplePill isSample={s.isSample} what='阵地' />
              {s.townshipName && <View className='gd-muted'>{s.townshipName}</View>}
              {s.openingHours && <View className='gd-line'>开放时间：{s.openingHours}</View>}
              {s.intro && <View className='gd-line'>{s.intro}</View>}
            </View>
          </View>

          {s.progress && <Progress progress={s.progress} />}

          <View className='gd-section'>
            <View className='gd-title'>路线图</View>
            {process.env.TARO_ENV === 'weapp' ? <RouteMap site={s} onOpen={open} /> : <PlanDrawing points={s.points} />}
          </View>

          <View className='gd-section'>
            <View className='gd-title'>按路线走（{s.points.length} 站）</View>
            <View className='gd-card'>
              {s.points.length === 0 && <View className='gd-muted'>这个阵地还没有点位。</View>}
              {s.points.map((p, i) => (
                <View key={p.id} className='gd-stop' hoverClass='gd-stop--pressed' ariaRole='link' onClick={() => open(p)}>
                  <View className={`gd-stop__no ${p.checkedIn ? 'gd-stop__no--done' : ''}`}>{i + 1}</View>
                  <View className='gd-stop__body'>
                    <View className='gd-stop__name'>{p.name}</View>
                    {p.checkedIn ? <View className='gd-stop__state'>✓ 已打卡</View> : <View className='gd-muted'>到了这里可以打卡</View>}
                  </View>
                  <View className='gd-muted'>›</View>
                </View>
              ))}
            </View>
            {canManageSite(user, s) && (
              <View className='gd-actions'>
                <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/guide/pages/point-form/index?siteId=${s.id}` })}>
                  新增点位
                </ActionButton>
                <ActionButton block variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/guide/pages/site-form/index?id=${s.id}` })}>
                  修改阵地
                </ActionButton>
              </View>
            )}
          </View>
        </>
      )}
    </PageContainer>
  );
}

function Progress({ progress }: { progress: NonNullable<SiteDetail['progress']> }) {
  const share = progress.total ? Math.round((progress.checkedIn / progress.total) * 100) : 0;
  return (
    <View className='gd-section'>
      <View className='gd-card gd-route-progress'>
        <View className='gd-progress'>
          <View>我的打卡</View>
          <View>
            {progress.checkedIn} / {progress.total}
          </View>
        </View>
        <View className='gd-bar'>
          <View className='gd-bar__fill' style={{ width: `${share}%` }} />
        </View>
        {progress.badgeAt ? (
          <View className='gd-badge'>
            <View className='gd-badge__seal'>法</View>
            <View>走完全程，获得路线徽章！</View>
          </View>
        ) : (
          <View className='gd-muted' style={{ marginTop: '12px' }}>
            每一站都打卡，就能得到路线徽章。
          </View>
        )}
      </View>
    </View>
  );
}

/** WeChat: the native map, a marker per stop and the route as a line. */
function RouteMap({ site, onOpen }: { site: SiteDetail; onOpen: (p: GuidePoint) => void }) {
  const points = site.points;
  const center = points[0]?.location ?? site.location;
  return (
    <Map
      className='gd-map'
      latitude={center.latitude}
      longitude={center.longitude}
      scale={17}
      includePoints={points.map((p) => p.location)}
      markers={points.map((p, i) => ({
        id: i,
        latitude: p.location.latitude,
        longitude: p.location.longitude,
        title: p.name,
        iconPath: '',
        width: 30,
        height: 38,
        label: { content: `${i + 1} ${p.name}`, color: nativeColor('--qf-brand'), fontSize: 14, anchorX: 0, anchorY: 0, borderWidth: 0, borderColor: nativeColor('--qf-surface'), borderRadius: 4, bgColor: nativeColor('--qf-surface'), padding: 4, textAlign: 'left' },
      }))}
      polyline={[{ points: points.map((p) => p.location), color: nativeColor('--qf-brand'), width: 4, dottedLine: true }]}
      onMarkerTap={(e) => {
        const p = points[Number((e.detail as { markerId?: number }).markerId)];
        if (p) onOpen(p);
      }}
      onError={() => undefined}
    />
  );
}

/**
 * H5: no map SDK can load here, so the stops are drawn on a plan by their coordinates (north up,
 * same scale both ways), numbered in route order; filled circles are checked in.
 */
function PlanDrawing({ points }: { points: GuidePoint[] }) {
  if (points.length === 0) return null;
  const lat0 = points[0]!.location.latitude;
  const xy = points.map((p) => ({ x: p.location.longitude * Math.cos((lat0 * Math.PI) / 180), y: p.location.latitude }));
  const minX = Math.min(...xy.map((q) => q.x));
  const maxX = Math.max(...xy.map((q) => q.x));
  const minY = Math.min(...xy.map((q) => q.y));
  const maxY = Math.max(...xy.map((q) => q.y));
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const metres = Math.round(span * 111_195);
  const at = xy.map((q) => ({
    left: 14 + ((q.x - minX + (span - (maxX - minX)) / 2) / span) * 72,
    top: 14 + ((maxY - q.y + (span - (maxY - minY)) / 2) / span) * 72,
  }));
  // The route joins the stops in order: one SVG line in the same percent coordinates as the dots
  // (stretched to the drawing, with a stroke that keeps its width).
  const path = at.map((a) => `${a.left.toFixed(2)},${a.top.toFixed(2)}`).join(' ');
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100' preserveAspectRatio='none'><polyline points='${path}' fill='none' stroke='${nativeColor('--qf-brand')}' stroke-width='4' stroke-dasharray='10 8' stroke-linecap='round' stroke-linejoin='round' vector-effect='non-scaling-stroke'/></svg>`;
  return (
    <View className='gd-plan' ariaLabel='路线平面图'>
      {/* The north mark has a strip of its own above the drawing, so no stop can cover it. */}
      <View className='gd-plan__north'>↑ 北 · 全图约 {metres} 米</View>
      <View className='gd-plan__area'>
        {points.length > 1 && <Image className='gd-plan__path' src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} mode='scaleToFill' {...alt('各点位之间的参观路线')} />}
        {points.map((p, i) => (
          <View key={p.id} className={`gd-plan__dot ${p.checkedIn ? 'gd-plan__dot--done' : ''}`} style={{ left: `${at[i]!.left}%`, top: `${at[i]!.top}%` }} ariaLabel={`${i + 1} ${p.name}`}>
            {i + 1}
          </View>
        ))}
      </View>
    </View>
  );
}

