import { View } from '@tarojs/components';
import { TOWNSHIPS, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../ActionButton';
import './index.css';

const GROUPS = [
  { kind: '镇', title: '镇', items: TOWNSHIPS.filter((t) => t.kind === '镇') },
  { kind: '乡', title: '乡', items: TOWNSHIPS.filter((t) => t.kind === '乡') },
] as const;

export interface TownshipPickerProps {
  visible: boolean;
  value: string | null;
  onSelect: (code: TownshipCode) => void;
  onClose: () => void;
  /** While the choice is being saved: buttons stop responding. */
  saving?: boolean;
  /** The question the sheet asks (default: the resident's own township). */
  title?: string;
}

/**
 * A sheet over the page with all 17 townships as big buttons, grouped 镇 / 乡 (8 + 9). Native
 * pickers show one small scrolling wheel, which older users find hard to hit; this shows them all.
 */
export function TownshipPicker({ visible, value, onSelect, onClose, saving, title = '请选择您所在的乡镇' }: TownshipPickerProps) {
  if (!visible) return null;
  return (
    <View className='qf-sheet' catchMove>
      <View className='qf-sheet__mask' onClick={saving ? undefined : onClose} />
      <View className='qf-sheet__panel' ariaRole='dialog' ariaLabel='选择乡镇'>
        <View className='qf-sheet__title'>{title}</View>
        {GROUPS.map((group) => (
          <View key={group.kind} className='qf-sheet__group'>
            <View className='qf-sheet__group-title'>
              {group.title}（{group.items.length} 个）
            </View>
            <View className='qf-sheet__grid'>
              {group.items.map((t) => {
                const selected = t.code === value;
                return (
                  <View
                    key={t.code}
                    className={`qf-sheet__option ${selected ? 'qf-sheet__option--selected' : ''}`}
                    hoverClass='qf-sheet__option--pressed'
                    ariaRole='button'
                    ariaLabel={selected ? `${t.name}，已选` : t.name}
                    onClick={saving ? undefined : () => onSelect(t.code)}
                  >
                    {selected ? `✓ ${t.name}` : t.name}
                  </View>
                );
              })}
            </View>
          </View>
        ))}
        <ActionButton variant='secondary' block busy={saving} onClick={onClose}>
          取消
        </ActionButton>
      </View>
    </View>
  );
}
