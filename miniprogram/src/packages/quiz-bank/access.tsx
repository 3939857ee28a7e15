import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useSession } from '../../hooks/useSession';

/** Propaganda staff and county admins manage the bank; pages load nothing for anyone else. */
export function useBankStaff(): boolean {
  const { user } = useSession();
  return !!user && (user.roles.includes('propaganda') || user.roles.includes('county_admin'));
}

/** Only propaganda staff and county admins manage the bank; everyone else gets a plain explanation. */
export function BankStaffOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const allowed = useBankStaff();
  if (!user) return null;
  if (!allowed) {
    return (
      <View className='qb__error' ariaRole='alert'>
        题库只有宣传员和县司法局管理员可以管理。如需权限，请联系县司法局。
      </View>
    );
  }
  return <>{children}</>;
}
