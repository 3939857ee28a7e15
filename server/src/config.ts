import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The only reader of process.env. Parsed once at start-up; a bad value stops the process with a
 * message naming the variable. There are no default secrets: in development a random session
 * secret is made per process (sessions then end at restart), in production one must be given.
 */
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    MONGODB_URI: z.string().url().optional(),
    DATA_DIR: z.string().default('data'),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(7200),
    /** How long a signed-in user's roles and townships are remembered between requests (0: read every time). */
    SESSION_USER_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
    WECHAT_APPID: z.string().optional(),
    WECHAT_SECRET: z.string().optional(),
    /** Token of the mini-program's message push (消息推送) setting: 3–32 letters or digits; pushes are refused without it. */
    /** Set by `npm start` outside production when WeChat's API is its local stand-in: checked posts say so. */
    WECHAT_STANDIN: flag,
    WECHAT_PUSH_TOKEN: z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3–32 letters or digits').optional(),
    /** This server's public https address, for URLs WeChat must fetch (mediaCheckAsync); else the request's own origin. */
    PUBLIC_BASE_URL: z.string().url().optional(),
    /** The subscription-message template for lecture reminders (fields thing1, time2, thing3, thing4). */
    WECHAT_TEMPLATE_LECTURE_REMINDER: z.string().regex(/^[\w-]{10,64}$/, 'must be a WeChat template id').optional(),
    WECHAT_TEMPLATE_CONSULT_ANSWERED: z.string().regex(/^[\w-]{10,64}$/, 'must be a WeChat template id').optional(),
    /** "A question is waiting for you": sent to the next tier when the timer moves a question up. */
    WECHAT_TEMPLATE_CONSULT_WAITING: z.string().regex(/^[\w-]{10,64}$/, 'must be a WeChat template id').optional(),
    BOOTSTRAP_ADMIN_OPENIDS: csv,
    DEV_LOGIN: flag,
    H5_DIR: z.string().optional(),
    BODY_LIMIT: z.string().default('256kb'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    LOAD_SHED_DELAY_MS: z.coerce.number().int().min(10).default(500),
    /** The longest the database may work on one listing (maxTimeMS) before the request gets a 503. */
    LIST_QUERY_MAX_MS: z.coerce.number().int().min(1).max(60_000).default(8000),
    TRUST_PROXY: flag,
    /** Where `npm run backup` and the daily backup put their archives. */
    BACKUP_DIR: z.string().default('backups'),
    /** Hour of the day (0–23, Asia/Shanghai) at which the server takes a daily backup; unset: none. */
    BACKUP_AT: z.coerce.number().int().min(0).max(23).optional(),
    /** How many days of daily backups to keep. */
    BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(7),
    /** Bearer token for GET /metrics from elsewhere than this machine. */
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
    SEED_SAMPLE_DATA: z.enum(['1', '0', 'true', 'false']).default('true').transform((v) => v === '1' || v === 'true'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (env.WECHAT_STANDIN) ctx.addIssue({ code: 'custom', path: ['WECHAT_STANDIN'], message: 'the local WeChat stand-in may not be used in production' });
    if (env.DEV_LOGIN) ctx.addIssue({ code: 'custom', path: ['DEV_LOGIN'], message: 'the development login may not be enabled in production' });
    if (!env.SESSION_SECRET) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required in production' });
    if (!env.WECHAT_APPID) ctx.addIssue({ code: 'custom', path: ['WECHAT_APPID'], message: 'required in production' });
    if (!env.WECHAT_SECRET) ctx.addIssue({ code: 'custom', path: ['WECHAT_SECRET'], message: 'required in production' });
  });

export type Config = ReturnType<typeof parseConfig>;

export function parseConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    dataDir: e.DATA_DIR,
    session: {
      secret: e.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
      secretIsEphemeral: !e.SESSION_SECRET,
      ttlSeconds: e.SESSION_TTL_SECONDS,
      userCacheMs: e.SESSION_USER_CACHE_MS,
    },
    wechat: {
      apiBase: e.WECHAT_API_BASE.replace(/\/$/, ''),
      appid: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      lectureReminderTemplateId: e.WECHAT_TEMPLATE_LECTURE_REMINDER,
      consultAnsweredTemplateId: e.WECHAT_TEMPLATE_CONSULT_ANSWERED,
      consultWaitingTemplateId: e.WECHAT_TEMPLATE_CONSULT_WAITING,
      pushToken: e.WECHAT_PUSH_TOKEN,
      standin: e.WECHAT_STANDIN,
    },
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/$/, ''),
    bootstrapAdminOpenids: e.BOOTSTRAP_ADMIN_OPENIDS,
    devLogin: e.DEV_LOGIN,
    h5Dir: e.H5_DIR,
    bodyLimit: e.BODY_LIMIT,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    loadShedDelayMs: e.LOAD_SHED_DELAY_MS,
    listQueryMaxMs: e.LIST_QUERY_MAX_MS,
    trustProxy: e.TRUST_PROXY,
    seedSampleData: e.SEED_SAMPLE_DATA,
    backup: { dir: e.BACKUP_DIR, at: e.BACKUP_AT, keepDays: e.BACKUP_KEEP },
    metricsToken: e.METRICS_TOKEN,
  };
}
