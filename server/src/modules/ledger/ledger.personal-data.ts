import mongoose from 'mongoose';
import { FORGOTTEN_NAME, LEDGER_KIND_LABELS, toCountyIso, type LedgerKind } from '@qf/shared';
import type { PersonalData } from '../module';
import { LedgerRecordModel } from './ledger.model';

const STATUS_WORDS = { pending: '待审核', approved: '已通过', returned: '已退回' } as const;

/**
 * A former 法律明白人's 记一笔 records. They are the judicial office's work records, so 注销 keeps
 * them (the township's figures stay right) and takes his name off them, and off any review he made.
 */
export function createLedgerPersonalData(): PersonalData {
  return {
    label: '法律明白人台账',
    async exportFor(userId) {
      const docs = await LedgerRecordModel.find({ userId: new mongoose.Types.ObjectId(userId) }).lean<{ kind: LedgerKind; summary: string; occurredAt: Date; village: string | null; topic: string | null; status: keyof typeof STATUS_WORDS }[]>();
      return docs.map((d) => ({ 类别: LEDGER_KIND_LABELS[d.kind], 内容: d.summary, 时间: toCountyIso(d.occurredAt), 村: d.village, 专题: d.topic, 状态: STATUS_WORDS[d.status] }));
    },
    async forget({ id }) {
      const userId = new mongoose.Types.ObjectId(id);
      await LedgerRecordModel.updateMany({ userId }, { $set: { userName: FORGOTTEN_NAME } });
      await LedgerRecordModel.updateMany({ 'decision.by': userId }, { $set: { 'decision.byName': FORGOTTEN_NAME } });
    },
  };
}
