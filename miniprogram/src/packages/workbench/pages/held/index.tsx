import Taro, { useRouter } from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { checkInWindow, type Upload } from '@qf/shared';
import { ActionButton } from '../../../../components/ActionButton';
import { Field, TextInput, fieldErrorsOf, type FieldErrors } from '../../../../components/Form';
import { PageContainer } from '../../../../components/PageContainer';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { API_ORIGIN, ApiError } from '../../../../services/http';
import { getLecture, markHeld, uploadLecturePhoto } from '../../../../services/lectures';
import { spanLabel } from '../../../../pages/lectures/format';
import '../../../../pages/lectures/lectures.css';

/** Mark a lecture held with its evidence: photos of the scene and how many people came. */
export default function MarkHeldPage() {
  const id = useRouter().params.id ?? '';
  const { user } = useSession();
  const lecture = useRequest(() => getLecture(id), [id], { enabled: !!user && !!id });
  const [photos, setPhotos] = useState<Upload[]>([]);
  // null until staff type: the field then shows the recorded or counted number from its first render
  // (changing an H5 <Input>'s value right after it mounts trips Taro's input component).
  const [headcount, setHeadcount] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    const l = lecture.data;
    if (!l) return;
    if (l.evidence) setPhotos(l.evidence.photos);
  }, [lecture.data]);

  async function addPhotos() {
    let paths: string[] = [];
    try {
      paths = (await Taro.chooseImage({ count: 9, sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFilePaths;
    } catch {
      return; // chooser closed
    }
    setBusy('upload');
    setProblem(null);
    try {
      for (const path of paths) {
        const up = await uploadLecturePhoto(path);
        setPhotos((p) => [...p, up]);
      }
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : '照片没有传上去，请再试一次');
    } finally {
      setBusy(null);
    }
  }

  async function submit() {
    setBusy('save');
    setProblem(null);
    setErrors({});
    try {
      await markHeld(id, { photos: photos.map((p) => p.id), headcount: Number(headcountText || 0) });
      await Taro.showToast({ title: '已标记为已举办', icon: 'success' });
      Taro.navigateBack().catch(() => undefined);
      void lecture.reload();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setProblem(err instanceof ApiError ? err.message : '没有保存成功，请稍后重试');
    } finally {
      setBusy(null);
    }
  }

  const l = lecture.data;
  const headcountText = headcount ?? (l ? String(l.evidence ? l.evidence.headcount : l.checkInCount + l.walkIns) : '');
  // Checked before any photo is uploaded: the server refuses a lecture that has not begun.
  const notYet = !!l && l.status === 'published' && checkInWindow(new Date(l.startAt), new Date(l.endAt)).opensAt.getTime() > Date.now();
  return (
    <PageContainer loading={lecture.loading && !l} error={lecture.error} onRetry={() => void lecture.reload()}>
      {l && (
        <>
          <View className='lx-head'>
            <View className='lx-head__title'>标记已举办</View>
            <View className='lx-head__sub'>
              {l.title} · {spanLabel(l.startAt, l.endAt)}
            </View>
          </View>
          {l.status === 'held' && <View className='lx-notice lx-notice--ok lx-held-done'>这场讲座已标记为已举办，计入本乡镇的年度任务。</View>}
          {problem && <View className='lx-notice lx-notice--bad'>{problem}</View>}
          {notYet && <View className='lx-notice lx-notice--bad'>这场讲座还没开始。开始前半小时起才能标记已举办、上传现场照片。</View>}
          {!notYet && l.status !== 'draft' && l.status !== 'cancelled' && (
            <View className='lx-section'>
              <View className='lx-card'>
                <Field label='现场照片（至少一张）' hint='点照片可以去掉。只接受图片，每张不超过 5 MB。' error={errors.photos}>
                  <View className='lx-photos'>
                    {photos.map((p) => (
                      <Image key={p.id} className='lx-photo' src={`${API_ORIGIN ?? ''}${p.url}`} mode='aspectFill' onClick={() => setPhotos((all) => all.filter((x) => x.id !== p.id))} />
                    ))}
                  </View>
                  <View className='lx-actions'>
                    <ActionButton variant='secondary' busy={busy === 'upload'} onClick={() => void addPhotos()}>
                      添加照片
                    </ActionButton>
                  </View>
                </Field>
              </View>
              <View className='lx-card'>
                <Field label='到场人数' hint={`扫码签到 ${l.checkInCount} 人，没有微信的 ${l.walkIns} 人。`} error={errors.headcount}>
                  <TextInput type='number' value={headcountText} placeholder='到场总人数' onChange={setHeadcount} />
                </Field>
              </View>
              <ActionButton block busy={busy === 'save'} disabled={photos.length === 0} onClick={() => void submit()}>
                确认已举办
              </ActionButton>
            </View>
          )}
        </>
      )}
    </PageContainer>
  );
}
