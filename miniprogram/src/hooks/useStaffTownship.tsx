import { useState } from 'react';
import { isCountyAdmin, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../components/ActionButton';
import { TownshipPicker } from '../components/TownshipPicker';
import { useSession } from './useSession';

/**
 * The township a staff page is about. Township staff see their own; the county admin picks one
 * (and may change it) from the sheet of all 17. Gives the page the code, the button that opens the
 * sheet (nothing for township staff) and the sheet to place once at the end of the page.
 */
export function useStaffTownship({ question, initial, firstLabel = '选择乡镇' }: { question: string; initial?: string | undefined; firstLabel?: string }) {
  const { user } = useSession();
  const admin = !!user && isCountyAdmin(user);
  const [code, setCode] = useState<TownshipCode | null>(((initial ?? user?.staffTownshipCode) as TownshipCode | null) ?? null);
  const [choosing, setChoosing] = useState(false);
  const chooseButton = admin ? (
    <ActionButton size='medium' variant='secondary' onClick={() => setChoosing(true)}>
      {code ? '换一个乡镇' : firstLabel}
    </ActionButton>
  ) : null;
  const picker = (
    <TownshipPicker
      visible={choosing}
      value={code}
      title={question}
      onSelect={(c) => {
        setCode(c);
        setChoosing(false);
      }}
      onClose={() => setChoosing(false)}
    />
  );
  return { admin, code, setCode, chooseButton, picker };
}
