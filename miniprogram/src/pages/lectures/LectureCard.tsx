import { View } from '@tarojs/components';
import type { Lecture } from '@qf/shared';
import { spanLabel, STATUS_WORDS } from './format';

/** One lecture in a list: when, what, where, who, and seats left. */
export function LectureCard({ lecture, onClick, showStatus, bare }: { lecture: Lecture; onClick?: () => void; showStatus?: boolean; bare?: boolean }) {
  const full = lecture.seatsLeft <= 0;
  return (
    // `bare`: drawn inside a card of the caller's (the workbench puts the lecture's buttons in the same card).
    <View className={bare ? 'lx-lecture' : 'lx-card lx-lecture'} hoverClass='lx-card--pressed' ariaRole='link' onClick={onClick}>
      <View className='lx-when'>
        {lecture.thisWeek && <View className='lx-badge'>本周</View>}
        <View>{spanLabel(lecture.startAt, lecture.endAt)}</View>
        {(showStatus || lecture.status !== 'published') && (
          <View className={`lx-badge ${lecture.status === 'held' ? 'lx-badge--ok' : 'lx-badge--muted'}`}>{STATUS_WORDS[lecture.status]}</View>
        )}
      </View>
      <View className='lx-title'>{lecture.title}</View>
      <View className='lx-line'>
        地点：{lecture.townshipName} · {lecture.venue.name}
      </View>
      <View className='lx-line'>
        主讲：{lecture.speaker.name}（{lecture.speaker.unit}）
      </View>
      {lecture.status === 'published' && (
        <View className={`lx-seats ${full ? 'lx-seats--full' : ''}`}>{full ? `名额已满，可以候补（已有 ${lecture.waitlistCount} 人候补）` : `还剩 ${lecture.seatsLeft} 个名额`}</View>
      )}
    </View>
  );
}
