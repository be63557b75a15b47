/**
 * npm run chat: a terminal work group with the real bot on wechaty-puppet-mock and the real ledger
 * (DATA_DIR / DATABASE_URL). Type as one or more people; the bot answers as it would in WeChat.
 * The group itself is dev/chatSession.ts.
 */
import { createInterface } from 'node:readline'

import { parseConfig } from '../src/config.js'
import { createLogger } from './log.js'
import { databaseTarget, ensureSeeded, openApp } from './openLedger.js'
import { simulatorConfig, startChatSession } from '../dev/chatSession.js'

async function main(): Promise<void> {
  const base = parseConfig()
  const config = simulatorConfig(base)
  const log = createLogger(base.LOG_LEVEL === 'info' ? 'error' : base.LOG_LEVEL)
  const app = await openApp(databaseTarget(config), { office: config.OFFICE, seedDir: config.SEED_DIR })
  await ensureSeeded(app.stores, config.SEED_DIR, log, app.office)
  const write = (text: string) => void process.stdout.write(text)
  const session = await startChatSession({ stores: app.stores, config, log, write, officeName: app.office.name })

  write(session.help + '\n')
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY })
  const prompt = () => {
    rl.setPrompt(session.prompt())
    rl.prompt()
  }
  prompt()
  for await (const raw of rl) {
    // Piped input is echoed, so a transcript reads like the terminal.
    if (!process.stdin.isTTY && raw.trim()) write(`${raw.trim()}\n`)
    if (!(await session.line(raw))) break
    prompt()
  }
  rl.close()
  await session.stop()
  await app.close()
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`模拟群聊无法启动：${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`)
    process.exit(1)
  },
)
