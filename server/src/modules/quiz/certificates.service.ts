import { createHmac } from 'node:crypto';
import { countyDate, findTownship, maskName, toCountyIso, type Certificate, type CertificateVerification, type Me } from '@qf/shared';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { createInsertBatcher } from '../../db/insert-batcher';
import { CertificateIndexModel, CertificateModel, type CertificateDoc } from './certificates.model';

/** Verification codes avoid characters that are easily misread (0/O, 1/I). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The certificate code of a person in a campaign: an HMAC of both, so it is the same however many
 * times issuing is attempted (the insert by `_id` then happens once) and cannot be guessed from
 * ids without the secret. 10 characters of a 32-letter alphabet: 50 bits.
 */
export function certificateCode(secret: string, campaignId: string, userId: string): string {
  const digest = createHmac('sha256', secret).update(`certificate:${campaignId}:${userId}`).digest();
  let code = '';
  for (let i = 0; i < 10; i++) code += CODE_ALPHABET[digest[i]! % 32];
  return code;
}

const townshipName = (code: string | null | undefined) => (code ? (findTownship(code)?.name ?? null) : null);

function toCertificate(doc: CertificateDoc): Certificate {
  return {
    code: doc._id,
    holderName: doc.holderName,
    townshipName: townshipName(doc.townshipCode),
    campaignId: doc.campaignId,
    campaignTitle: doc.campaignTitle,
    score: doc.score,
    issuedAt: doc.issuedAt.toISOString(),
  };
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The certificate as a printable SVG (A4 landscape proportions). */
export function certificateSvg(c: Certificate): string {
  const date = countyDate(new Date(c.issuedAt));
  const [y, m, d] = date.split('-');
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="1123" height="794" viewBox="0 0 1123 794" font-family="'Noto Serif CJK SC','Source Han Serif SC','SimSun',serif">`,
    `<rect width="1123" height="794" fill="#fffaf0"/>`,
    `<rect x="28" y="28" width="1067" height="738" fill="none" stroke="#b22222" stroke-width="10"/>`,
    `<rect x="48" y="48" width="1027" height="698" fill="none" stroke="#d4a017" stroke-width="3"/>`,
    `<text x="561" y="170" text-anchor="middle" font-size="72" fill="#b22222" letter-spacing="24">荣誉证书</text>`,
    `<text x="140" y="300" font-size="40" fill="#222">${escapeXml(c.holderName)}${c.townshipName ? `（${escapeXml(c.townshipName)}）` : ''}：</text>`,
    `<text x="200" y="380" font-size="34" fill="#222">在「${escapeXml(c.campaignTitle)}」中</text>`,
    `<text x="200" y="440" font-size="34" fill="#222">取得 ${c.score} 分的成绩，成绩合格，特发此证。</text>`,
    `<text x="820" y="590" text-anchor="middle" font-size="32" fill="#222">清丰县司法局</text>`,
    `<text x="820" y="640" text-anchor="middle" font-size="28" fill="#444">${y}年${Number(m)}月${Number(d)}日</text>`,
    `<text x="140" y="690" font-size="24" fill="#555">证书编号：${escapeXml(c.code)}</text>`,
    `<text x="140" y="725" font-size="20" fill="#777">查验：清丰普法小程序「证书查验」或 /api/v1/certificates/${escapeXml(c.code)}</text>`,
    `</svg>`,
  ];
  return lines.join('\n');
}

export function createCertificatesService(deps: { secret: string }) {
  // Certificates and a holder's first index entry are inserts, batched with other passers' (group commit).
  const certificates = createInsertBatcher(CertificateModel);
  const indexes = createInsertBatcher(CertificateIndexModel);
  return {
    codeFor(campaignId: string, userId: string) {
      return certificateCode(deps.secret, campaignId, userId);
    },


    /** Issues a certificate; repeating it changes nothing (the code is the `_id`). */
    async issue(input: { code: string; campaignId: string; campaignTitle: string; user: { id: string; displayName: string }; townshipCode: string | null; score: number; issuedAt: Date }) {
      await certificates.insert({
        _id: input.code,
        campaignId: input.campaignId,
        campaignTitle: input.campaignTitle,
        userId: input.user.id,
        holderName: input.user.displayName,
        townshipCode: input.townshipCode,
        score: input.score,
        issuedAt: input.issuedAt,
      });
      if (!(await indexes.insert({ _id: input.user.id, codes: [input.code] }))) {
        await CertificateIndexModel.updateOne({ _id: input.user.id }, { $addToSet: { codes: input.code } });
      }
    },

    /** A better score later in the same campaign shows on the certificate. */
    async raiseScore(code: string, score: number) {
      await CertificateModel.updateOne({ _id: code }, { $max: { score } });
    },

    async verify(code: string): Promise<CertificateVerification> {
      const doc = await CertificateModel.findById(code).lean<CertificateDoc>();
      if (!doc) throw new NotFoundError('查无此证书，请核对证书编号');
      const { campaignId: _omit, ...rest } = toCertificate(doc);
      // Withdrawn when the holder closed his account: the check says so and names nobody.
      if (doc.withdrawnAt) return { ...rest, holderName: '', townshipName: null, valid: false, withdrawnAt: toCountyIso(doc.withdrawnAt) };
      return { ...rest, holderName: maskName(doc.holderName), valid: true, withdrawnAt: null };
    },

    async mine(actor: Me): Promise<{ items: Certificate[] }> {
      const index = await CertificateIndexModel.findById(actor.id).lean<{ codes: string[] }>();
      const codes = index?.codes ?? [];
      const docs = await Promise.all(codes.map((code) => CertificateModel.findById(code).lean<CertificateDoc>()));
      return {
        items: docs
          .filter((d): d is CertificateDoc => !!d)
          .map(toCertificate)
          .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)),
      };
    },

    /** The full certificate (unmasked name): its holder and county admins only. */
    async forHolder(actor: Me, code: string): Promise<Certificate> {
      const doc = await CertificateModel.findById(code).lean<CertificateDoc>();
      if (!doc) throw new NotFoundError('查无此证书');
      if (doc.userId !== actor.id && !actor.roles.includes('county_admin')) throw new ForbiddenError('这不是您的证书');
      return toCertificate(doc);
    },
  };
}

export type CertificatesService = ReturnType<typeof createCertificatesService>;
