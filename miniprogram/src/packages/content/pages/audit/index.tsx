import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { AUDIT_ACTION_LABELS, type AuditEntry } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { getAuditLog } from '../../../../services/content';
import '../../components/content.css';

const PAGE = 30;

/** Who created, edited, approved, rejected and withdrew what, and when (county admin). */
export default function AuditPage() {
  const first = useRequest(() => getAuditLog({ limit: PAGE }), []);
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [busy, setBusy] = useState(false);
  const items = [...(first.data?.items ?? []), ...more];
  const total = first.data?.total ?? 0;

  async function loadMore() {
    setBusy(true);
    try {
      const page = await getAuditLog({ limit: PAGE, offset: items.length });
      setMore((m) => [...m, ...page.items]);
    } catch {
      void Taro.showToast({ title: '没能加载更多', icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <PageContainer loading={first.loading && !first.data} error={first.error} onRetry={() => void first.reload()} empty={!!first.data && items.length === 0} emptyText='还没有操作记录'>
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
      {items.length < total && (
        <View className='cp-actions'>
          <ActionButton variant='secondary' block busy={busy} onClick={() => void loadMore()}>
            加载更多
          </ActionButton>
        </View>
      )}
    </PageContainer>
  );
}
