import Taro from '@tarojs/taro';

/** Lets the user pick an .xlsx file: from a chat in WeChat, from the disk in a browser. Resolves null if cancelled. */
export async function chooseWorkbook(): Promise<{ path: string; name: string } | null> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      input.className = 'qf-file-input';
      input.style.display = 'none';
      input.onchange = () => {
        const file = input.files?.[0];
        input.remove();
        resolve(file ? { path: URL.createObjectURL(file), name: file.name } : null);
      };
      document.body.appendChild(input);
      input.click();
    });
  }
  try {
    const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    const file = picked.tempFiles[0];
    return file ? { path: file.path, name: file.name } : null;
  } catch {
    return null;
  }
}

