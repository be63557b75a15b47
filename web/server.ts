/**
 * The web 台账 (read-only): hono on @hono/node-server, on WEB_HOST:WEB_PORT (loopback by default).
 * Every page needs a token signed for this office (web/token.ts), given once as ?t= and then kept
 * in an HttpOnly cookie; the pages come from the core's read model (src/ledger/ledgerView.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { Hono, type Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { serve, type ServerType } from '@hono/node-server'
import type { Config } from '../src/config.js'
import type { Stores } from '../src/ledger/ports.js'
import type { Office } from '../src/offices/office.js'
import { chinaDate, chinaDateTime } from '../src/clock.js'
import { colourSettingsFrom } from '../src/domain/colour.js'
import { buildLedgerView, ledgerStamp, type DocumentView, type LedgerView } from '../src/ledger/ledgerView.js'
import { progressChartSvg } from '../render/chart.js'
import { writeLedgerExport } from '../bot/export.js'
import { layout, refusalPage, type LayoutOptions } from './html.js'
import { listPage, overviewPage, taskPage, unitPage } from './pages.js'
import { LIVE_JS } from './live.js'
import { loadWebSecret, signToken, verifyToken } from './token.js'

export type WebConfig = Pick<Config, 'WEB_HOST' | 'WEB_PORT' | 'WEB_TOKEN_MINUTES' | 'DATA_DIR' | 'REMINDER_YELLOW_DAYS' | 'REMINDER_BLUE_DAYS'>

export interface WebLedger {
  /** Where it listens, as a browser reaches it (http://127.0.0.1:8080). */
  baseUrl: string
  /** A link with a fresh token, valid WEB_TOKEN_MINUTES. */
  link(): string
  stop(): Promise<void>
}

export const COOKIE = 'duban_web'

export async function startWebLedger(opts: { stores: Stores; office: Office; config: WebConfig; now?: () => Date; onError?: (err: Error) => void }): Promise<WebLedger> {
  const now = opts.now ?? (() => new Date())
  const secret = await loadWebSecret(opts.config.DATA_DIR)
  const app = createWebApp({ ...opts, now, secret })
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: opts.config.WEB_HOST, port: opts.config.WEB_PORT }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const baseUrl = `http://${reachableHost(opts.config.WEB_HOST)}:${port}`
  return {
    baseUrl,
    link: () => `${baseUrl}/?t=${signToken(secret, { officeId: opts.office.id, expiresAt: now().getTime() + opts.config.WEB_TOKEN_MINUTES * 60_000 })}`,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      // Open polling connections would hold close() otherwise.
      ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
    }),
  }
}

/** A wildcard address is no address for a link: the machine's first LAN address instead. */
function reachableHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host
  const lan = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)
  return lan?.address ?? '127.0.0.1'
}

interface AppDeps {
  stores: Stores
  office: Office
  config: WebConfig
  now: () => Date
  secret: Buffer
  onError?: (err: Error) => void
}

export function createWebApp(deps: AppDeps): Hono {
  const app = new Hono()
  const html = (c: Context, status: 200 | 401 | 403 | 404 | 500, body: string) =>
    c.html(body, status, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' })

  app.get('/live.js', (c) => c.body(LIVE_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))

  // Access: the token in ?t= (then kept as a cookie) or the cookie; the office must be this one.
  app.use('*', async (c, next) => {
    const given = c.req.query('t')
    const token = given ?? getCookie(c, COOKIE)
    const claims = token ? verifyToken(deps.secret, token, deps.now().getTime()) : null
    if (!claims) return html(c, 401, refusalPage(401, '请在微信中私聊机器人发送“网页台账”获取新的链接。'))
    if (claims.officeId !== deps.office.id) return html(c, 403, refusalPage(403, '此链接不属于本办公室的台账。'))
    if (given) {
      setCookie(c, COOKIE, given, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        maxAge: Math.max(1, Math.floor((claims.expiresAt - deps.now().getTime()) / 1000)),
      })
    }
    await next()
  })

  const load = async (): Promise<{ view: LedgerView; stamp: string }> => {
    const book = await deps.stores.tasks.loadBook({ archived: true })
    const taskIds = book.tasks.map((t) => t.id)
    const [latest, evidence, liaisons] = await Promise.all([deps.stores.progress.latest({ taskIds }), deps.stores.progress.evidenceOf({ taskIds }), deps.stores.liaisons.list()])
    const view = buildLedgerView(book, latest, evidence, liaisons, colourSettingsFrom(deps.config), chinaDate(deps.now()))
    return { view, stamp: ledgerStamp(latest) }
  }
  const docOf = (view: LedgerView, id: string | undefined): DocumentView | null =>
    (id ? view.documents.find((d) => String(d.document.id) === id) : null) ?? view.documents.find((d) => !d.document.archived) ?? view.documents[0] ?? null
  const page = (c: Context, l: { view: LedgerView; stamp: string }, o: Omit<LayoutOptions, 'officeName' | 'asOf' | 'stamp'>, body: string) =>
    html(c, 200, layout({ ...o, officeName: deps.office.name, asOf: chinaDateTime(deps.now()), stamp: l.stamp }, body))
  const empty = '<section><p>台账中尚无任务。</p></section>'

  app.get('/', async (c) => {
    const l = await load()
    const doc = docOf(l.view, c.req.query('doc'))
    const body = doc ? overviewPage(l.view, doc, progressChartSvg(doc.chart, { width: 760 })) : empty
    return page(c, l, { title: '督办台账总览', current: 'overview', doc: doc?.document.id }, body)
  })

  app.get('/unit', async (c) => {
    const l = await load()
    const name = c.req.query('name') ?? ''
    const docId = c.req.query('doc')
    const docs = docId ? l.view.documents.filter((d) => String(d.document.id) === docId) : l.view.documents
    if (!l.view.documents.some((d) => d.tasks.some((t) => t.rows.some((r) => r.unit === name)))) return html(c, 404, refusalPage(404, '台账中没有这个单位。'))
    return page(c, l, { title: `${name}任务`, current: 'unit', doc: docId ? Number(docId) : null }, unitPage(l.view, name, docs))
  })

  app.get('/task', async (c) => {
    const l = await load()
    const id = Number(c.req.query('id'))
    const doc = l.view.documents.find((d) => d.tasks.some((t) => t.task.id === id))
    if (!doc) return html(c, 404, refusalPage(404, '台账中没有这项任务。'))
    const history = await deps.stores.progress.history(id)
    return page(c, l, { title: '任务详情', current: 'task', doc: doc.document.id }, taskPage(l.view, doc, id, history))
  })

  for (const kind of ['missing', 'overdue'] as const) {
    app.get(`/${kind}`, async (c) => {
      const l = await load()
      const docId = c.req.query('doc') || null
      const docs = docId ? l.view.documents.filter((d) => String(d.document.id) === docId) : l.view.documents.filter((d) => !d.document.archived)
      const filter = { doc: docId ? Number(docId) : null, unit: c.req.query('unit') || null }
      return page(c, l, { title: kind === 'missing' ? '未反馈' : '逾期', current: kind, doc: filter.doc }, listPage(l.view, kind, docs, filter))
    })
  }

  app.get('/stamp', async (c) => {
    const book = await deps.stores.tasks.loadBook({ archived: true })
    const latest = await deps.stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })
    return c.json({ stamp: ledgerStamp(latest) }, 200, { 'Cache-Control': 'no-store' })
  })

  app.get('/export.xlsx', async (c) => {
    const work = await mkdtemp(join(tmpdir(), 'duban-web-'))
    try {
      const path = await writeLedgerExport(deps.stores, 'xlsx', join(work, 'ledger.xlsx'), deps.now(), deps.config)
      const name = encodeURIComponent(`督办台账-${chinaDate(deps.now())}.xlsx`)
      return c.body(new Uint8Array(await readFile(path)), 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="ledger.xlsx"; filename*=UTF-8''${name}`,
        'Cache-Control': 'no-store',
      })
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  })

  app.notFound((c) => html(c, 404, refusalPage(404, '页面不存在。')))
  // No stack, no message: the reader can only try again.
  app.onError((err, c) => {
    deps.onError?.(err)
    return html(c, 500, refusalPage(500, '页面暂时无法显示，请稍后刷新。'))
  })
  return app
}
