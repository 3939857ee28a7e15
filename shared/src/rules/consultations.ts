import { CONSULT_TIERS, type ConsultTier } from '../data/consultations';
import type { Actor } from './roles';

/**
 * Masks what identifies an asker before an answer becomes a public FAQ: the names we know (his own,
 * typed for 代问 or his display name), names he gives himself (我叫…, 本人…), mobile and landline
 * numbers, ID-card numbers and exact addresses (a house number, a 组/排/号 in a village). The
 * adviser still reads and edits the draft: this is the first pass, not the only one.
 */
export function maskPersonalInfo(text: string, knownNames: readonly string[] = []): string {
  let out = text;
  // ID cards first (18 digits, or 17 + X; old 15-digit cards), so a phone pattern never eats a piece of one.
  out = out.replace(/(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])/g, '[身份证号]');
  out = out.replace(/(?<![0-9])[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9])/g, '[身份证号]');
  // Mobiles (with optional +86 and spaces or dashes between groups), then landlines like 0393-7221234.
  out = out.replace(/(?:\+?86[-\s]?)?(?<![0-9])1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?![0-9])/g, '[电话]');
  out = out.replace(/(?<![0-9])0\d{2,3}[-\s]?\d{7,8}(?![0-9])/g, '[电话]');
  // Exact addresses: a street or village followed by a number (…路12号, …村3组15号, 门牌8号).
  out = out.replace(/[\u4e00-\u9fa5]{1,12}(?:路|街|巷|胡同|村|庄|屯|社区|小区)[\u4e00-\u9fa5\d]{0,8}?(?:\d+|[一二三四五六七八九十]+)\s*(?:组|排|号楼|号院|号|栋|单元|室)(?:\s*\d+\s*(?:号|室|户))?/g, '[详细地址]');
  out = out.replace(/门牌\s*\d+\s*号?/g, '[详细地址]');
  // Names he gives himself.
  out = out.replace(/(我叫|本人叫|我的名字是|姓名[:：]?)\s*([\u4e00-\u9fa5]{2,3})(?=[，,。.\s、；;！!]|$)/g, (_m, lead: string) => `${lead}[姓名]`);
  for (const name of knownNames) {
    const n = name.trim();
    if (n.length >= 2) out = out.split(n).join('[姓名]');
  }
  return out;
}

export const tierIndex = (tier: ConsultTier) => CONSULT_TIERS.indexOf(tier);

/** The tiers this user serves in a township (none if he serves none there). */
export function servedTiers(actor: Actor & { townshipCode?: string | null }, townshipCode: string): ConsultTier[] {
  const tiers: ConsultTier[] = [];
  if (actor.roles.includes('literate') && actor.townshipCode === townshipCode) tiers.push('literate');
  if (actor.roles.includes('popularizer') && actor.townshipCode === townshipCode) tiers.push('popularizer');
  if (actor.roles.includes('adviser') && (actor.adviserTownshipCodes ?? []).includes(townshipCode)) tiers.push('adviser');
  return tiers;
}
