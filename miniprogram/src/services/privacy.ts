import { countyDate } from '@qf/shared';
import { downloadFile, request } from './http';

/** 导出我的数据: one JSON file with everything the app holds about the signed-in person. */
export const exportMyData = () => downloadFile('/me/data.json', `我的数据-${countyDate(new Date())}.json`);

/** 注销: deletes the account (the server keeps figures, not the person). */
export const closeAccount = () => request<void>('POST', '/me/deletion', { body: { confirm: true } });
