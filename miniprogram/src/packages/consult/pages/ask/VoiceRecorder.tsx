import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { ActionButton } from '../../../../components/ActionButton';
import { Field, showFailure } from '../../../../components/Form';
import { uploadConsultFile } from '../../../../services/consult';

/**
 * A spoken question. In WeChat: hold-to-talk with the recorder (up to 60 s, MP3), uploaded like a
 * photo and checked by its content. In a browser (H5): pick an audio file recorded elsewhere.
 */
export function VoiceRecorder({ onUploaded, error }: { onUploaded: (id: string | null) => void; error?: string | undefined }) {
  const [state, setState] = useState<'idle' | 'recording' | 'uploading' | 'done'>('idle');
  const recorder = useRef<Taro.RecorderManager | null>(null);

  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp') return;
    const r = Taro.getRecorderManager();
    r.onStop((res) => void upload(res.tempFilePath));
    recorder.current = r;
  }, []);

  async function upload(path: string, name?: string) {
    setState('uploading');
    try {
      const up = await uploadConsultFile(path, 'audio', name);
      onUploaded(up.id);
      setState('done');
    } catch (err) {
      showFailure('录音没有传上去', err);
      setState('idle');
    }
  }

  async function pickFile() {
    // H5: chooseMessageFile is WeChat-only; a plain file input is what browsers offer.
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'audio/*';
    input.onchange = () => {
      const file = input.files?.[0];
      if (file) void upload(URL.createObjectURL(file), file.name);
    };
    input.click();
  }

  return (
    <Field label='说一段话（可选）' hint={process.env.TARO_ENV === 'weapp' ? '按住说话，松开结束，最长 60 秒' : '选一个录好的声音文件'} error={error}>
      {state === 'done' ? (
        <View className='cs__row'>
          <View className='cs__text'>已附上录音</View>
          <ActionButton variant='plain' size='medium' onClick={() => { onUploaded(null); setState('idle'); }}>
            删掉重录
          </ActionButton>
        </View>
      ) : process.env.TARO_ENV === 'weapp' ? (
        <View
          className={`cs__choice ${state === 'recording' ? 'cs__choice--on' : ''}`}
          style={{ textAlign: 'center' }}
          onTouchStart={() => {
            setState('recording');
            recorder.current?.start({ duration: 60_000, format: 'mp3' });
          }}
          onTouchEnd={() => recorder.current?.stop()}
        >
          {state === 'recording' ? '正在录音，松开结束' : state === 'uploading' ? '正在上传…' : '按住说话'}
        </View>
      ) : (
        <ActionButton variant='secondary' busy={state === 'uploading'} onClick={() => void pickFile()}>
          选录音文件
        </ActionButton>
      )}
    </Field>
  );
}
