import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { ROSTER_ROLE_LABELS, ROSTER_ROLES, TOWNSHIPS, townshipName, type RosterRole, type TownshipCode } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Chips, Field, showFailure, TextInput, toggle, useSubmit } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { listVillages } from '../../../../services/consult';
import { addRosterPerson, getRoster, removeRosterPerson, updateRosterPerson } from '../../../../services/roster';
import '../../roster.css';

const AGREED = '本人同意让群众在小程序里看到电话';

/** Adds or changes one person on the roster; a 法律明白人 is placed in his village and may have a 普法员 who mentors him. */
export default function RosterPersonPage() {
  const params = useRouter().params;
  const code = (params.townshipCode ?? '') as TownshipCode;
  const id = params.id ?? null;
  const villages = useRequest(() => listVillages(code), [code], { enabled: !!code });
  const roster = useRequest(() => getRoster(code), [code], { enabled: !!code });
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<RosterRole | null>(null);
  const [villageId, setVillageId] = useState<string | null>(null);
  const [mentorId, setMentorId] = useState<string | null>(null);
  const [hours, setHours] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [townships, setTownships] = useState<TownshipCode[]>([]);
  const [loaded, setLoaded] = useState(!id);
  const { saving, errors, submit } = useSubmit('没能保存');

  // Editing: the form starts from the person as the roster has him.
  useEffect(() => {
    if (!id || loaded || !roster.data) return;
    const r = roster.data;
    const p = [...r.villages.flatMap((v) => v.literates), ...r.unplaced, ...r.popularizers, ...r.advisers].find((x) => x.id === id);
    if (p) {
      setName(p.name);
      setPhone(p.phone);
      setRole(p.role);
      setVillageId(p.villageId);
      setMentorId(p.mentorId);
      setHours(p.serviceHours ?? '');
      setAgreed(p.phonePublic);
      setTownships(p.townships.filter((t) => t !== code));
    }
    setLoaded(true);
  }, [id, loaded, roster.data, code]);

  async function save() {
    await submit(async () => {
      const body = {
        townshipCode: code,
        name,
        phone,
        role: role as RosterRole,
        ...(villageId ? { villageId } : {}),
        ...(role === 'literate' && mentorId ? { mentorId } : {}),
        ...(hours.trim() ? { serviceHours: hours.trim() } : {}),
        phonePublic: agreed,
        ...(role === 'adviser' ? { townships } : {}),
      };
      if (id) await updateRosterPerson(id, body);
      else await addRosterPerson(body);
      void Taro.showToast({ title: '已保存', icon: 'none' });
      void Taro.navigateBack();
    });
  }

  async function remove() {
    const { confirm } = await Taro.showModal({ title: `从名册里删除${name}？`, content: '删除后可以重新添加或导入。', confirmText: '删除', cancelText: '不删了' });
    if (!confirm || !id) return;
    try {
      await removeRosterPerson(id);
      void Taro.navigateBack();
    } catch (err) {
      showFailure('没能删除', err);
    }
  }

  const villageList = villages.data?.items ?? [];
  const mentors = roster.data?.popularizers ?? [];
  return (
    <PageContainer title={id ? '修改名册人员' : '添加名册人员'} subtitle={code ? `${townshipName(code)}司法所` : undefined} loading={!loaded}>
      <View className='rs'>
        <Field label='身份' error={errors.role}>
          <Chips options={ROSTER_ROLES} selected={role ? [role] : []} onToggle={setRole} label={(r) => ROSTER_ROLE_LABELS[r]} />
        </Field>
        <Field label='姓名' error={errors.name}>
          <TextInput name='name' value={name} onChange={setName} placeholder='例如：张明' />
        </Field>
        <Field label='手机号' error={errors.phone}>
          <TextInput name='phone' type='number' value={phone} onChange={setPhone} placeholder='11 位手机号' />
        </Field>
        <Field label={role === 'literate' ? '所在的村' : '所在的村（可不选）'} error={errors.villageId} hint={villageList.length === 0 ? '本乡镇还没有村：用 Excel 导入名册时会一并添加' : undefined}>
          <Chips options={villageList.map((v) => v.id)} selected={villageId ? [villageId] : []} onToggle={(v) => setVillageId(v === villageId ? null : v)} label={(v) => villageList.find((x) => x.id === v)?.name ?? v} />
        </Field>
        {role === 'literate' && mentors.length > 0 && (
          <Field label='带教的普法员（可不选）' error={errors.mentorId}>
            <Chips options={mentors.map((m) => m.id)} selected={mentorId ? [mentorId] : []} onToggle={(m) => setMentorId(m === mentorId ? null : m)} label={(m) => mentors.find((x) => x.id === m)?.name ?? m} />
          </Field>
        )}
        {role === 'adviser' && (
          <Field label={`还服务哪些乡镇（${townshipName(code)}之外，可不选）`} error={errors.townships}>
            <Chips options={TOWNSHIPS.map((t) => t.code).filter((c) => c !== code)} selected={townships} onToggle={(t) => setTownships((list) => toggle(list, t))} label={townshipName} />
          </Field>
        )}
        <Field label='服务时间（可不填）' error={errors.serviceHours}>
          <TextInput name='serviceHours' value={hours} onChange={setHours} placeholder='例如：每天晚上 7 点后在家' />
        </Field>
        <Field label='电话公开吗' error={errors.phonePublic} hint='群众在“问一问”选村时会看到本村的明白人；不勾选时只看到姓名和服务时间'>
          <Chips options={[AGREED]} selected={agreed ? [AGREED] : []} onToggle={() => setAgreed(!agreed)} />
        </Field>
        <ActionButton block busy={saving} onClick={() => void save()}>
          保存
        </ActionButton>
        {id && (
          <View style={{ marginTop: '16px' }}>
            <ActionButton block variant='plain' onClick={() => void remove()}>
              从名册里删除
            </ActionButton>
          </View>
        )}
      </View>
    </PageContainer>
  );
}
