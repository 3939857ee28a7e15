import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { countyDate } from '@qf/shared';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { getMyCertificate } from '../../../../services/quiz';
import '../../quiz.css';

function chineseDate(iso: string) {
  const [y, m, d] = countyDate(new Date(iso)).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The holder's certificate: name, campaign, score, date and the code anyone can verify. */
export default function CertificatePage() {
  const { params } = useRouter();
  const code = params.code ?? '';
  const cert = useRequest(() => getMyCertificate(code), [code]);
  const c = cert.data;
  return (
    <PageContainer loading={cert.loading} error={cert.error} onRetry={() => void cert.reload()} className='quiz'>
      {c && (
        <View>
          <View className='quiz-cert'>
            <View className='quiz-cert__inner'>
              <View className='quiz-cert__title'>荣誉证书</View>
              <View className='quiz-cert__name'>
                {c.holderName}
                {c.townshipName ? `（${c.townshipName}）` : ''}
              </View>
              <View className='quiz-cert__body'>
                在「{c.campaignTitle}」中取得 {c.score} 分的成绩，成绩合格，特发此证。
              </View>
              <View className='quiz-cert__issuer'>清丰县司法局</View>
              <View className='quiz-cert__issuer'>{chineseDate(c.issuedAt)}</View>
              <View className='quiz-cert__code'>证书编号：{c.code}</View>
            </View>
          </View>
          <View className='quiz-note'>任何人都可以在「答题 → 证书查验」输入证书编号 {c.code} 查验这张证书。</View>
        </View>
      )}
    </PageContainer>
  );
}
