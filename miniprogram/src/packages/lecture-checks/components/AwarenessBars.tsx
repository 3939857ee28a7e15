import { View } from '@tarojs/components';

/** Words for a change in 知晓率, so the change is never told by colour alone. */
export function changeWords(before: number | null, after: number | null): string {
  if (before === null || after === null) return '';
  const d = after - before;
  return d > 0 ? `提高了 ${d} 个百分点` : d < 0 ? `下降了 ${-d} 个百分点` : '没有变化';
}

/** 知晓率 before and after as two bars under a name, with the figures in words. */
export function AwarenessBars({ name, before, after, note }: { name: string; before: number | null; after: number | null; note?: string }) {
  const row = (label: string, value: number | null, kind: 'before' | 'after') => (
    <View className='lc-pair__row'>
      <View className='lc-pair__label'>{label}</View>
      <View className='lc-pair__track'>
        <View className={`lc-pair__fill lc-pair__fill--${kind}`} style={{ width: `${value ?? 0}%` }} />
      </View>
      <View className='lc-pair__value'>{value === null ? '—' : `${value}%`}</View>
    </View>
  );
  const change = changeWords(before, after);
  return (
    <View className='lc-pair' ariaLabel={`${name}：讲座前 ${before ?? '无'}%，讲座后 ${after ?? '无'}%${change ? `，${change}` : ''}`}>
      <View className='lc-pair__name'>{name}</View>
      {row('讲座前', before, 'before')}
      {row('讲座后', after, 'after')}
      {(change || note) && <View className='lc-pair__note'>{[change, note].filter(Boolean).join(' · ')}</View>}
    </View>
  );
}
