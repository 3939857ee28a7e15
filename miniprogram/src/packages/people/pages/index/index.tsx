import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { useState } from 'react';
import { isCountyAdmin, ROLE_LABELS, ROLES, townshipName, type Role, type TownshipCode, type UserSummary } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { FieldError, useSubmit } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { TownshipPicker } from '../../../../components/TownshipPicker';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { assignRoles, listTownshipUsers, listUsers } from '../../../../services/users';
import './index.css';
import { checked } from '../../../../components/a11y';

/** Every user is a resident: that role is not given or taken here. The rest come from shared's list. */
const GIVEN_ROLES = ROLES.filter((r) => r !== 'resident') as Role[];
const PAGE = 30;

/**
 * 人员与角色. The county admin finds people by name and gives them roles and, for 司法所工作人员, the
 * township they work for (the API's rules: only the county admin assigns roles; township staff need a
 * township). Township staff see the people of their own township and their roles.
 */
export default function PeoplePage() {
  const { user } = useSession();
  const admin = !!user && isCountyAdmin(user);
  const staffTownship = (user?.roles.includes('township_staff') ? user.staffTownshipCode : null) as TownshipCode | null;
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const allowed = admin || !!staffTownship;
  const people = useRequest(
    () => {
      const query = { ...(q ? { q } : {}), ...(role ? { role } : {}), limit };
      return admin ? listUsers(query) : listTownshipUsers(staffTownship!, query);
    },
    [admin, staffTownship, q, role, limit],
    { enabled: !!user && allowed },
  );

  if (user && !allowed) {
    return (
      <PageContainer title='人员与角色'>
        <View className='pp-note'>只有县司法局管理员和乡镇司法所工作人员可以查看人员。</View>
      </PageContainer>
    );
  }

  const search = () => {
    setLimit(PAGE);
    setQ(typed.trim());
  };
  const items = people.data?.items ?? [];

  return (
    <PageContainer
      title='人员与角色'
      subtitle={admin ? '按名字找到人，给他分配角色和工作乡镇' : `${staffTownship ? townshipName(staffTownship) : ''}的人员；角色由县司法局分配`}
      error={people.data ? null : people.error}
      onRetry={people.reload}
    >
      <View className='pp-search'>
        <Input
          className='pp-search__input'
          value={typed}
          placeholder='输入名字查找'
          confirmType='search'
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={search}
        />
        <ActionButton size='medium' onClick={search}>
          查找
        </ActionButton>
      </View>
      <View className='pp-filter' ariaRole='radiogroup' ariaLabel='按角色筛选'>
        {[null, ...GIVEN_ROLES].map((r) => (
          <View key={r ?? 'all'} className={`pp-filter__item ${role === r ? 'pp-filter__item--on' : ''}`} ariaRole='radio' {...checked(role === r)} onClick={() => { setLimit(PAGE); setRole(r); }}>
            {r ? ROLE_LABELS[r] : '全部'}
          </View>
        ))}
      </View>

      {people.loading && !people.data ? (
        <View className='pp-note'>正在查找…</View>
      ) : items.length === 0 ? (
        <View className='pp-note'>{q ? `没有找到名字里有“${q}”的人。` : '还没有人。'}</View>
      ) : (
        <>
          <View className='pp-count'>
            共 {people.data!.total} 人{q ? `，名字里有“${q}”` : ''}
            {role ? `，角色是${ROLE_LABELS[role]}` : ''}
          </View>
          {items.map((person) => (
            <PersonCard key={person.id} person={person} editable={admin && person.id !== user?.id} onSaved={() => void people.reload()} />
          ))}
          {people.data!.total > items.length && (
            <View className='pp-more'>
              <ActionButton variant='secondary' block busy={people.loading} onClick={() => setLimit(limit + PAGE)}>
                再看 {Math.min(PAGE, people.data!.total - items.length)} 人
              </ActionButton>
            </View>
          )}
        </>
      )}
    </PageContainer>
  );
}

function PersonCard({ person, editable, onSaved }: { person: UserSummary; editable: boolean; onSaved: () => void }) {
  const [editing, setEditing] = useState(false);
  const shown = person.roles.filter((r) => r !== 'resident');
  return (
    <View className='pp-card'>
      <View className='pp-card__head'>
        <View className='pp-card__avatar'>{person.displayName.slice(0, 1)}</View>
        <View className='pp-card__who'>
          <View className='pp-card__name'>{person.displayName}</View>
          <View className='pp-card__place'>{person.townshipCode ? `住在${townshipName(person.townshipCode)}` : '还没选所在乡镇'}</View>
        </View>
        {editable && !editing && (
          <ActionButton size='medium' variant='secondary' onClick={() => setEditing(true)}>
            设置角色
          </ActionButton>
        )}
      </View>
      {!editing && (
        <View className='pp-card__roles'>
          {shown.length === 0 && <View className='pp-role pp-role--plain'>{ROLE_LABELS.resident}</View>}
          {shown.map((r) => (
            <View key={r} className='pp-role'>
              {r === 'township_staff' && person.staffTownshipCode ? `${townshipName(person.staffTownshipCode)}司法所` : ROLE_LABELS[r]}
            </View>
          ))}
        </View>
      )}
      {editing && (
        <RoleEditor
          person={person}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved();
          }}
        />
      )}
    </View>
  );
}

function RoleEditor({ person, onCancel, onSaved }: { person: UserSummary; onCancel: () => void; onSaved: () => void }) {
  const [roles, setRoles] = useState<Role[]>(person.roles.filter((r) => r !== 'resident'));
  const [township, setTownship] = useState<TownshipCode | null>(person.staffTownshipCode);
  const [picking, setPicking] = useState(false);
  const { saving, errors, submit } = useSubmit('没能保存角色');
  const isStaff = roles.includes('township_staff');
  // The API's rule, said before saving: township staff work for one township.
  const missingTownship = isStaff && !township;

  const toggle = (r: Role) => setRoles(roles.includes(r) ? roles.filter((x) => x !== r) : [...roles, r]);

  async function save() {
    await submit(async () => {
      await assignRoles(person.id, { roles: ['resident', ...roles], staffTownshipCode: isStaff ? township : null });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved();
    });
  }

  return (
    <View className='pp-editor'>
      <View className='pp-editor__label'>{person.displayName}的角色（可以选几个）</View>
      <View className='pp-editor__roles'>
        {GIVEN_ROLES.map((r) => {
          const on = roles.includes(r);
          return (
            <View key={r} className={`pp-choice ${on ? 'pp-choice--on' : ''}`} ariaRole='checkbox' {...checked(on)} ariaLabel={`${ROLE_LABELS[r]}${on ? '，已选' : ''}`} onClick={() => toggle(r)}>
              <View className='pp-choice__box'>{on ? '✓' : ''}</View>
              <View>{ROLE_LABELS[r]}</View>
            </View>
          );
        })}
      </View>
      <View className='pp-editor__hint'>每个人都是{ROLE_LABELS.resident}，不用选。</View>
      <FieldError error={errors.roles} />
      {isStaff && (
        <View className='pp-editor__township'>
          <View className='pp-editor__label'>在哪个乡镇司法所工作</View>
          <View className='pp-editor__row'>
            <View className={`pp-editor__town ${township ? '' : 'pp-editor__town--unset'}`}>{township ? `${townshipName(township)}司法所` : '还没有选'}</View>
            <ActionButton size='medium' variant={township ? 'secondary' : 'primary'} onClick={() => setPicking(true)}>
              {township ? '更换' : '选择乡镇'}
            </ActionButton>
          </View>
          <FieldError error={errors.staffTownshipCode ?? (missingTownship ? '司法所工作人员必须指定所属乡镇' : undefined)} />
        </View>
      )}
      <View className='pp-editor__actions'>
        <ActionButton variant='secondary' onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton busy={saving} disabled={missingTownship} onClick={() => void save()}>
          保存
        </ActionButton>
      </View>
      <TownshipPicker
        visible={picking}
        value={township}
        title={`${person.displayName}在哪个乡镇司法所工作？`}
        onSelect={(code) => {
          setTownship(code);
          setPicking(false);
        }}
        onClose={() => setPicking(false)}
      />
    </View>
  );
}
