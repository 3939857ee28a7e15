import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { LEDGER_KIND_LABELS, LEDGER_KINDS, type LedgerKind, type PointsRuleBody } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Field, TextInput, useSubmit } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { getPointsRule, setPointsRule } from '../../../../services/ledger';
import { currentYear } from '../../../../pages/lectures/format';
import '../../ledger.css';

type Draft = Record<LedgerKind, { points: string; dailyCap: string }>;

/**
 * 积分规则: how many points each kind of record earns and the most it can earn on one day. The
 * county admin sets this year's; township staff read it. Past years stay as they were scored.
 */
export default function RulesPage() {
  const { user } = useSession();
  const admin = !!user?.roles.includes('county_admin');
  const year = currentYear();
  const rule = useRequest(() => getPointsRule(year), [year]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const { saving, errors, submit } = useSubmit('没能保存积分规则');

  useEffect(() => {
    if (!rule.data) return;
    const k = rule.data.kinds;
    setDraft(Object.fromEntries(LEDGER_KINDS.map((kind) => [kind, { points: String(k[kind].points), dailyCap: String(k[kind].dailyCap) }])) as Draft);
  }, [rule.data]);

  const set = (kind: LedgerKind, key: 'points' | 'dailyCap') => (value: string) => setDraft((d) => (d ? { ...d, [kind]: { ...d[kind], [key]: value } } : d));
  // An empty box is sent as "not a number", so the server names the box instead of taking 0.
  const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

  async function save() {
    if (!draft) return;
    await submit(async () => {
      const body = Object.fromEntries(LEDGER_KINDS.map((kind) => [kind, { points: num(draft[kind].points), dailyCap: num(draft[kind].dailyCap) }])) as PointsRuleBody;
      await setPointsRule(year, body);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      await rule.reload();
    });
  }

  const r = rule.data;
  return (
    <PageContainer title={`${year}年积分规则`} subtitle={r ? (r.isSet ? `${r.updatedByName ?? ''} 设置` : '县里还没有设置，先按默认规则计分') : undefined} loading={rule.loading && !r} error={rule.error} onRetry={() => void rule.reload()}>
      {draft && (
        <View className='lg'>
          <View className='lg__note'>每通过一条记录得“每条积分”；同一天同一类最多得到“每天最多”那么多分，防止一天记很多条。</View>
          {LEDGER_KINDS.map((kind) => (
            <Field key={kind} label={LEDGER_KIND_LABELS[kind]} error={errors[kind]}>
              <View className='lg__rule'>
                <View className='lg__rule-field'>
                  <View className='lg__rule-caption'>每条积分</View>
                  {admin ? <TextInput name={`${kind}-points`} label={`${LEDGER_KIND_LABELS[kind]}：每条积分`} type='number' value={draft[kind].points} onChange={set(kind, 'points')} /> : <View className='lg__points'>{draft[kind].points}</View>}
                </View>
                <View className='lg__rule-field'>
                  <View className='lg__rule-caption'>每天最多</View>
                  {admin ? <TextInput name={`${kind}-cap`} label={`${LEDGER_KIND_LABELS[kind]}：每天最多`} type='number' value={draft[kind].dailyCap} onChange={set(kind, 'dailyCap')} /> : <View className='lg__points'>{draft[kind].dailyCap}</View>}
                </View>
              </View>
            </Field>
          ))}
          {admin ? (
            <ActionButton block busy={saving} onClick={() => void save()}>
              保存 {year} 年规则
            </ActionButton>
          ) : (
            <View className='lg__note'>积分规则由县司法局设置。</View>
          )}
        </View>
      )}
    </PageContainer>
  );
}
