import { Text, View } from '@tarojs/components';
import { AUDIT_ACTION_LABELS } from '@qf/shared';
import { LoadMore } from '../../../../components/LoadMore';
import { PageContainer } from '../../../../components/PageContainer';
import { usePagedList } from '../../../../hooks/usePagedList';
import { getAuditLog } from '../../../../services/content';
import '../../components/content.css';

const PAGE = 30;

/** Who created, edited, approved, rejected and withdrew what, and when (county admin). */
export default function AuditPage() {
  const list = usePagedList((page) => getAuditLog(page), [], { pageSize: PAGE });
  const { items } = list;

  return (
    <PageContainer loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} empty={!!list.data && items.length === 0} emptyText='还没有操作记录'>
      <View className='cp-card'>
        {items.map((e) => (
          <View key={e.id} className='cp-row audit__row'>
            <View>
              <View>
                <Text className='audit__who'>{e.actorName}</Text> {AUDIT_ACTION_LABELS[e.action]}《{e.postTitle}》
              </View>
              {e.note && <View className='cp-muted'>{e.note}</View>}
            </View>
            <View className='cp-muted audit__at'>{e.at.slice(0, 16).replace('T', ' ')}</View>
          </View>
        ))}
      </View>
      <LoadMore list={list} />
    </PageContainer>
  );
}
