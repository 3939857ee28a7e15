import { join } from 'node:path';
import { parseConfig } from '../config';
import { takeBackup } from './backup';
import { restoreBackup, OpsRefused } from './restore';
import { migrateDatabase } from './migrate';
import { connectUri, openDatabase } from './database';

/**
 * `npm run backup`, `npm run restore -- FILE [--force]`, `npm run migrate -- --to mongodb://…`.
 * They read the same configuration as the server (MONGODB_URI, DATA_DIR, BACKUP_DIR) and reach the
 * database the way database.ts describes. Messages are for the county's operator, in Chinese.
 */
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const config = parseConfig();
  const uploadsDir = join(config.dataDir, 'uploads');

  if (command === 'backup') {
    const open = await openDatabase(config);
    try {
      const { file, manifest, bytes, ms } = await takeBackup({ client: open.client, db: open.db, uploadsDir, backupDir: config.backup.dir });
      const docs = manifest.collections.reduce((n, c) => n + c.count, 0);
      console.log(`备份完成：${file}\n来源：${open.source}（${manifest.database.server}）\n${manifest.collections.length} 个数据集共 ${docs} 条，上传文件 ${manifest.uploads.length} 个；原始 ${mb(manifest.totalBytes)}，压缩后 ${mb(bytes)}；用时 ${seconds(ms)}`);
    } finally {
      await open.close();
    }
    return;
  }

  if (command === 'restore') {
    const file = rest.find((a) => !a.startsWith('--'));
    if (!file) throw new OpsRefused('请给出备份文件：npm run restore -- backups/qingfeng-….tar.gz');
    const open = await openDatabase(config);
    try {
      const { manifest, ms } = await restoreBackup({ file, db: open.db, uploadsDir, force: rest.includes('--force') });
      const docs = manifest.collections.reduce((n, c) => n + c.count, 0);
      console.log(`恢复完成：${manifest.collections.length} 个数据集共 ${docs} 条，上传文件 ${manifest.uploads.length} 个，用时 ${seconds(ms)}。\n备份时间 ${manifest.createdAt}；现在可以启动服务器（npm start）。`);
    } finally {
      await open.close();
    }
    return;
  }

  if (command === 'migrate') {
    const at = rest.indexOf('--to');
    const to = at >= 0 ? rest[at + 1] : undefined;
    if (!to || !/^mongodb(\+srv)?:\/\//.test(to)) throw new OpsRefused('请给出目标数据库：npm run migrate -- --to mongodb://主机:端口/qingfeng');
    const open = await openDatabase(config);
    const target = await connectUri(to);
    try {
      const report = await migrateDatabase(open.db, target.db, (line) => console.log(line));
      if (!report.equal) {
        process.exitCode = 1;
        console.error('迁移后核对不一致：迁移期间仍有写入？停止写入后再运行一次，只会补上差异。');
      } else console.log(`迁移完成并核对一致：本次复制 ${report.copied} 条，用时 ${seconds(report.ms)}。把 MONGODB_URI 设为目标数据库后启动服务器。`);
    } finally {
      await target.client.close();
      await open.close();
    }
    return;
  }

  throw new OpsRefused('用法：npm run backup | npm run restore -- 备份文件 [--force] | npm run migrate -- --to mongodb://…');
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof OpsRefused ? err.message : `出错了：${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
