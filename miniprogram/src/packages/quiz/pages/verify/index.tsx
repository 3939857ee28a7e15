import { useRouter } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { useState } from 'react';
import { countyDate, type CertificateVerification } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { PageContainer } from '../../../../components/PageContainer';
import { ApiError } from '../../../../services/http';
import { verifyCertificate } from '../../../../services/quiz';
import '../../quiz.css';

/** Public check of a certificate by its code; the holder's name comes back masked. */
export default function VerifyCertificatePage() {
  const { params } = useRouter();
  const [code, setCode] = useState(params.code ?? '');
  const [found, setFound] = useState<CertificateVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function check() {
    const clean = code.trim().toUpperCase();
    if (!clean) return;
    setBusy(true);
    setError(null);
    setFound(null);
    try {
      setFound(await verifyCertificate(clean));
    } catch (err) {
      setError(err instanceof ApiError ? (err.status === 404 || err.status === 400 ? '查无此证书，请核对证书编号' : err.message) : '查验没有成功，请重试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <PageContainer requireLogin={false} className='quiz'>
      <View className='quiz-head'>
        <View className='quiz-head__title'>证书查验</View>
        <View className='quiz-head__sub'>输入证书上的 10 位编号</View>
      </View>
      <View className='quiz-field'>
        <Input className='quiz-field__input quiz-verify__input' value={code} maxlength={10} placeholder='例如 ABCD234567' confirmType='search' onInput={(e) => setCode(e.detail.value)} onConfirm={() => void check()} />
      </View>
      <View className='quiz-actions'>
        <ActionButton block busy={busy} onClick={() => void check()}>
          查验
        </ActionButton>
      </View>
      {error && <View className='quiz-error'>{error}</View>}
      {found && !found.valid && (
        <View className='quiz-card quiz-verify__result'>
          <View className='quiz-card__title'>✗ 此证书已撤回</View>
          <View className='quiz-card__text'>持证人已注销账号，证书于 {countyDate(new Date(found.withdrawnAt ?? found.issuedAt))} 撤回，不再作为证明。</View>
          <View className='quiz-card__text'>竞赛：{found.campaignTitle}</View>
          <View className='quiz-card__text'>编号：{found.code}</View>
        </View>
      )}
      {found?.valid && (
        <View className='quiz-card quiz-verify__result'>
          <View className='quiz-card__title'>✓ 证书真实有效</View>
          <View className='quiz-card__text'>持证人：{found.holderName}{found.townshipName ? `（${found.townshipName}）` : ''}</View>
          <View className='quiz-card__text'>竞赛：{found.campaignTitle}</View>
          <View className='quiz-card__text'>成绩：{found.score} 分</View>
          <View className='quiz-card__text'>发证日期：{countyDate(new Date(found.issuedAt))}</View>
          <View className='quiz-card__text'>编号：{found.code}</View>
        </View>
      )}
    </PageContainer>
  );
}
