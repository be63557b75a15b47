/**
 * npm start: migrate, import seeds on first run, and run the bot. Without WeChat access it waits with
 * one clear line per retry; SIGINT/SIGTERM stop it cleanly.
 */
import { randomInt } from 'node:crypto'
import { join } from 'node:path'
import { parseConfig } from '../src/config.js'
import { createAssistant } from '../src/ledger/assistant.js'
import { describeUnconfirmed } from '../src/replies/outbox.js'
import { createServiceLogger } from './log.js'
import { databaseTarget, ensureSeeded, openApp } from './openLedger.js'
import { createBot, handleSignals, type WechatyInterface } from './wechaty.js'
import { createWechatyNotifier } from './outbound.js'
import { adminsUnreachable, createAssistantServices, createChatHandler, recoverInbox, reresolveIds } from './assistantWiring.js'
import { startReminderService, type ReminderService } from './reminders.js'
import { createFileSpool, spoolPath } from './spool.js'

async function main(): Promise<void> {
  const config = parseConfig()
  const log = createServiceLogger(config)
  const app = await openApp(databaseTarget(config), { office: config.OFFICE, seedDir: config.SEED_DIR })
  const { imported } = await ensureSeeded(app.stores, config.SEED_DIR, log, app.office)

  const book = await app.stores.tasks.loadBook()
  const liaisons = await app.stores.liaisons.list()
  process.stdout.write(
    `督办助手（${app.office.name}）：${imported.length ? `已导入 ${imported.length} 个种子任务表；` : ''}台账现有任务 ${book.tasks.length} 项` +
      `${book.documents.length ? `（${book.documents.map((d) => `“${d.shortName}”${d.issuedOn ? ` ${d.issuedOn}` : ''}`).join('、')}）` : ''}，` +
      `单位 ${book.directory.units.length} 个，已绑定联络员 ${liaisons.length} 人；数据库：${app.database.kind === 'pglite' ? join(config.DATA_DIR, 'pglite') : 'PostgreSQL'}。\n`,
  )

  // Interrupted sends are never repeated by themselves: the clerk hears about them at every start.
  const unconfirmed = describeUnconfirmed(await app.stores.outbox.unconfirmed(new Date()))
  if (unconfirmed) process.stdout.write(`督办助手：${unconfirmed}（npm run cli -- outbox 可查看、补发或不再发送。）\n`)

  // With no configured or claimed admin, the first person to send this code privately becomes one.
  const issueClaimCode = (why: string) => {
    const code = String(randomInt(100000, 1000000))
    process.stdout.write(`${why}管理员认领码：${code}（登录后私聊机器人发送“管理员 ${code}”即成为管理员，仅一次有效）\n`)
    return code
  }
  let claimCode: string | null = null
  if (config.ADMINS.length === 0 && (await app.stores.admins.count()) === 0) claimCode = issueClaimCode('')

  let reminders: Promise<ReminderService> | null = null
  // Wechaty emits no event before handle.start() below: by then the notifier and the chat handler exist.
  const handle = createBot({
    puppet: config.WECHATY_PUPPET as never,
    ...(config.WECHATY_PUPPET_SERVICE_TOKEN ? { puppetToken: config.WECHATY_PUPPET_SERVICE_TOKEN } : {}),
    name: 'duban',
    dataDir: config.DATA_DIR,
    log,
    botName: config.BOT_NAME,
    onMessage: (m) => handleChat(m),
    onLogin: (bot) => afterLogin(bot),
  })
  const notifier = createWechatyNotifier(handle.bot, { minGapMs: config.SEND_MIN_GAP_MS, jitterMs: config.SEND_JITTER_MS, log })
  const assistant = createAssistant({
    stores: app.stores,
    config,
    log,
    officeName: app.office.name,
    claimCode,
    services: createAssistantServices({ stores: app.stores, config, getBot: () => handle.bot }),
    // Messages kept while the ledger is unreachable survive a restart (handled at the next recovery).
    spool: createFileSpool(spoolPath(config.DATA_DIR)),
  })
  const handleChat = createChatHandler({ assistant, notifier, log })

  async function afterLogin(bot: WechatyInterface): Promise<void> {
    const { contactIds } = await reresolveIds(bot, app.stores, log)
    if (!assistant.claimCode.current && (await adminsUnreachable(app.stores, contactIds, config.ADMINS))) {
      assistant.claimCode.current = issueClaimCode('本次登录中找不到已认领的管理员（微信联系人标识已变化，且未设置备注）。')
    }
    await recoverInbox({ assistant, notifier, log })
    // Reminder jobs and the outbox dispatcher start once, after the first login (a re-login keeps them).
    reminders ??= startReminderService({ config, stores: app.stores, notifier, getBot: () => handle.bot, log, officeName: app.office.name }).catch((err: unknown) => {
      reminders = null // tried again at the next login
      throw err
    })
    await reminders
  }

  handleSignals(
    async () => {
      await (await reminders?.catch(() => null))?.stop()
      await handle.stop()
      // Let queued replies go out, but never hold a shutdown for long (WeChat may be gone).
      await Promise.race([notifier.drain().catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())])
      notifier.stop()
      await app.close()
    },
    { log },
  )
  await handle.start()
}

main().catch((err: unknown) => {
  process.stderr.write(`督办助手无法启动：${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`)
  process.exit(1)
})
