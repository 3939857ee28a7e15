import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ROSTER_ROLE_LABELS, townshipName, type RosterImportReport, type RosterImportRow } from '@qf/shared';
import { ImportFlow } from '../../../../components/ImportFlow';
import { PageContainer } from '../../../../components/PageContainer';
import { confirmRosterImport, downloadRosterTemplate, uploadRoster } from '../../../../services/roster';
import '../../roster.css';

const STATUS: Record<RosterImportRow['status'], { text: string; tone: 'ok' | 'error' | 'muted' }> = {
  new: { text: '新增', tone: 'ok' },
  update: { text: '更新', tone: 'ok' },
  same: { text: '没有变化', tone: 'muted' },
  error: { text: '有问题', tone: 'error' },
};

/** Excel 导入名册: the one import flow (components/ImportFlow) with the roster's columns. */
export default function RosterImportPage() {
  const code = useRouter().params.townshipCode ?? '';
  return (
    <PageContainer title={`导入${code ? townshipName(code) : ''}名册`} subtitle='姓名、手机号、村、身份、服务时间、公开电话；先检查，确认后才存入'>
      <ImportFlow<RosterImportRow, RosterImportReport>
        onTemplate={downloadRosterTemplate}
        upload={(file) => uploadRoster(code, file)}
        summary={(r) => `共 ${r.rows.length} 行：新增 ${r.counts.new} 人，更新 ${r.counts.update} 人，没有变化 ${r.counts.same} 人，有问题 ${r.counts.error} 行。`}
        status={(row) => STATUS[row.status]}
        ticked={(row) => row.status === 'new' || row.status === 'update'}
        confirm={async (report, rows) => {
          const done = await confirmRosterImport(report.importId, rows);
          return `已导入：新增 ${done.created} 人，更新 ${done.updated} 人${done.unchanged ? `，${done.unchanged} 人没有变化` : ''}${done.villagesAdded.length ? `；添加了 ${done.villagesAdded.join('、')}` : ''}。`;
        }}
        body={(row) =>
          row.person && (
            <View className='rs__liaison'>
              <View>
                {row.person.name} · {ROSTER_ROLE_LABELS[row.person.role]}
                {row.person.villageName ? ` · ${row.person.villageName}${row.newVillage ? '（新村，导入时添加）' : ''}` : ''}
              </View>
              <View className='rs__person-sub'>
                {row.person.phone} · {row.person.phonePublic ? '电话公开' : '电话不公开'}
                {row.person.serviceHours ? ` · ${row.person.serviceHours}` : ''}
              </View>
            </View>
          )
        }
      />
    </PageContainer>
  );
}
