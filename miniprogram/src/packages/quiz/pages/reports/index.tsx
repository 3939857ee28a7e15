import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useRef } from 'react';
import { countyDateParts, type MyQuestionReport } from '@qf/shared';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { getMyReports } from '../../../../services/quiz';
import '../../quiz.css';

/** 3月5日 in the county's time. */
function dayText(iso: string) {
  const { month, day } = countyDateParts(new Date(iso));
  return `${month}月${day}日`;
}

/** 我的报错: the questions I said looked wrong, and what the staff answered. */
export default function MyReportsPage() {
  const reports = useRequest(getMyReports, []);
  const shown = useRef(false);
  // Coming back to the page: show answers that arrived meanwhile (the first show loads already).
  useDidShow(() => {
    if (shown.current) void reports.reload();
    shown.current = true;
  });
  const items = reports.data?.items ?? [];
  return (
    <PageContainer loading={reports.loading && !reports.data} error={reports.error} onRetry={() => void reports.reload()} className='quiz'>
      <View className='quiz-head'>
        <View className='quiz-head__title'>我的报错</View>
        <View className='quiz-head__sub'>您觉得有问题的题目，和工作人员的回复</View>
      </View>
      {reports.data && items.length === 0 && <View className='quiz-note'>您还没有报过错。答完题后，在解析下面点「这道题有问题？」就能告诉我们。</View>}
      {items.map((item) => (
        <ReportCard key={item.id} item={item} />
      ))}
    </PageContainer>
  );
}

function ReportCard({ item }: { item: MyQuestionReport }) {
  const answered = item.status === 'answered';
  return (
    <View className='quiz-card'>
      <View className='quiz-card__row'>
        <View className='quiz-myreport__when'>{dayText(item.createdAt)} 报的错</View>
        <View className={`quiz-card__badge ${answered ? 'quiz-card__badge--done' : ''}`}>{answered ? '已回复' : '等待回复'}</View>
      </View>
      <View className='quiz-myreport__stem'>{item.stem}</View>
      <View className='quiz-myreport__said'>我说：{item.text}</View>
      {answered && item.answer && (
        <View className='quiz-myreport__answer'>
          工作人员回复（{dayText(item.answeredAt ?? item.createdAt)}）：{item.answer}
        </View>
      )}
    </View>
  );
}
