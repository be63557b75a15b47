/** One zod schema for the environment. parseConfig takes env as an argument (Probot style) so tests pass their own. */
import { z } from 'zod'
import { cronProblem } from './reminders/cron.js'

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(/[,，;；\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
  )

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def)

/** A cron expression (China time), checked at start-up so a typo fails loudly instead of never firing. */
const cronExpr = (def: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || def)
    .superRefine((v, ctx) => {
      const problem = cronProblem(v)
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `cron 表达式“${v}”无效：${problem}` })
    })

const schema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v == null || /^postgres(ql)?:\/\//.test(v), '应为 postgres:// 开头的连接串'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  SEED_DIR: z.string().trim().min(1).default('./seeds'),
  /** The office this process serves (its full name or place, 惠来县); unset: the office of SEED_DIR's directory. */
  OFFICE: z.string().trim().optional().transform((v) => v || null),
  BOT_NAME: z.string().trim().min(1).default('督办助手'),
  WECHATY_PUPPET: z.string().trim().min(1).default('wechaty-puppet-wechat4u'),
  WECHATY_PUPPET_SERVICE_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v ? v : null)),
  /** Aliases (备注, set by the bot's account) of the office's admin contacts; never display names. */
  ADMINS: list,
  /** Topics of the work groups the bot answers in from the start. */
  ENABLED_ROOMS: list,
  SEND_MIN_GAP_MS: int(3000),
  SEND_JITTER_MS: int(2000),
  /** Messages older than this when they arrive (history replayed after login) are stored, not answered. */
  REPLAY_MAX_AGE_SECONDS: int(180),
  UNDO_WINDOW_MINUTES: int(30, 1),
  EVIDENCE_WINDOW_MINUTES: int(10, 1),
  PAGE_CHARS: int(1500, 200),
  /** Largest task-table file an import reads (CLI and chat), in MB. */
  IMPORT_MAX_MB: int(20, 1),
  /** A task-table file is read in a worker thread stopped after this many seconds... */
  IMPORT_PARSE_SECONDS: int(60, 1),
  /** ...or when its heap passes this many MB. */
  IMPORT_PARSE_MEMORY_MB: int(512, 64),
  /** Largest evidence file (image or file after a report) that is stored, in MB. */
  EVIDENCE_MAX_MB: int(20, 1),
  /** Evidence stored per unit per day (China time): at most this many files and this many MB. */
  EVIDENCE_DAILY_FILES: int(30, 1),
  EVIDENCE_DAILY_MB: int(100, 1),
  /** Daily deadline reminders (China time; the calendar skips non-working days). */
  REMINDER_CRON: cronExpr('0 9 * * *'),
  /** Weekly progress collection for ongoing tasks. */
  PROGRESS_CRON: cronExpr('0 15 * * 5'),
  /** Monthly digest to ADMIN_ROOM: checked daily, sent on the first working day of each month. */
  DIGEST_CRON: cronExpr('30 9 * * *'),
  REMINDER_BLUE_DAYS: int(7),
  REMINDER_YELLOW_DAYS: int(3),
  REMINDER_RED_EVERY_WORKDAYS: int(3),
  /** 序时进度: a reported percent this many points behind the elapsed share of working days is yellow; 0: off. */
  PACE_YELLOW_GAP: int(30),
  /** 销号: a unit's 已完成 awaits the office's review (待审核) before the pair is closed; off: closed at once. */
  CLOSE_REQUIRES_REVIEW: z
    .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
    .optional()
    .transform((v) => v == null || ['true', '1', 'on', 'yes'].includes(v)),
  /** A unit still overdue on this working day after the deadline gets a 督办通知单 by itself; 0: only on 督办单. */
  NOTICE_AFTER_RED_WORKDAYS: int(0),
  PROGRESS_PERIOD: z.enum(['weekly', 'monthly', 'quarterly']).default('monthly'),
  /** Topic of the office's own room that receives the monthly digest. */
  ADMIN_ROOM: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null)),
  DISPATCH_INTERVAL_SECONDS: int(30, 1),
  /** The web 台账 (web/): loopback by default; an office LAN address to open it from other machines. */
  WEB_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** 0: any free port (tests). */
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** How long a link sent by 网页台账 stays valid. */
  WEB_TOKEN_MINUTES: int(120, 1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: sentences for a person at a terminal, JSON lines when stdout is a file or a service's pipe. */
  LOG_FORMAT: z.enum(['auto', 'json', 'text']).default('auto'),
})

export type Config = z.infer<typeof schema>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const variable = String(issue.path[0] ?? '')
  throw new ConfigError(`环境变量 ${variable} 无效：${issue.message}`)
}
