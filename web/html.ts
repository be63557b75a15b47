/** The web 台账's page frame: escaping, the layout with its navigation, and the CSS (phone first). */
import { COLOUR_HEX, COLOUR_NAME, type Colour } from '../src/domain/colour.js'

export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** A query string from the filters that are set. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

export function badge(colour: Colour, text = COLOUR_NAME[colour]): string {
  return `<span class="badge" data-colour="${colour}" style="background:${COLOUR_HEX[colour].fill}">${esc(text)}</span>`
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;font-size:15px;color:#222;background:#f4f5f7;line-height:1.5}
header{background:#8b1a1a;color:#fff;padding:10px 14px}
header h1{margin:0;font-size:18px;font-weight:600}
header .sub{font-size:12px;opacity:.85}
nav{display:flex;flex-wrap:wrap;gap:6px;padding:8px 14px;background:#fff;border-bottom:1px solid #ddd}
nav a{padding:4px 10px;border-radius:4px;text-decoration:none;color:#8b1a1a;border:1px solid #e3c6c6;font-size:14px}
nav a.on{background:#8b1a1a;color:#fff}
main{padding:12px 14px;max-width:1200px;margin:0 auto}
section{background:#fff;border-radius:6px;padding:12px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:16px;margin:0 0 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(70px,1fr));gap:8px}
.card{border-radius:6px;padding:8px;text-align:center;border:1px solid #e5e5e5}
.card b{display:block;font-size:22px}
.card span{font-size:13px;color:#555}
.chart svg{width:100%;height:auto;display:block}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border:1px solid #e2e2e2;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#fafafa;white-space:nowrap}
td.n{text-align:right;white-space:nowrap}
td.no{white-space:nowrap}
.badge{display:inline-block;min-width:1.8em;padding:0 6px;border-radius:3px;text-align:center;font-size:13px;white-space:nowrap}
.muted{color:#777;font-size:13px}
form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:8px}
form.filters select{font-size:14px;padding:4px;max-width:100%}
a{color:#1f5fa8}
.task-text{max-width:32em}
@media (max-width:600px){main{padding:8px}section{padding:8px}table{font-size:13px}.hide-phone{display:none}
.clamp{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}}
`

export interface LayoutOptions {
  title: string
  officeName: string
  asOf: string
  /** The navigation entry shown as current. */
  current: 'overview' | 'missing' | 'overdue' | 'unit' | 'task'
  /** The document filter kept across the navigation. */
  doc?: number | null
  stamp: string
}

export function layout(opts: LayoutOptions, body: string): string {
  const link = (key: LayoutOptions['current'], href: string, text: string) =>
    `<a href="${esc(href)}${query({ doc: opts.doc })}"${opts.current === key ? ' class="on"' : ''}>${text}</a>`
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)}</title><style>${CSS}</style></head>
<body data-stamp="${esc(opts.stamp)}">
<header><h1>${esc(opts.officeName)} 督办台账</h1><div class="sub">数据截至 <span id="as-of">${esc(opts.asOf)}</span>，有新反馈时自动更新</div></header>
<nav>${link('overview', '/', '总览')}${link('missing', '/missing', '未反馈')}${link('overdue', '/overdue', '逾期')}<a href="/export.xlsx">下载台账</a></nav>
<main id="main">${body}</main>
<script src="/live.js"></script>
</body></html>`
}

/** The page for a refused request: short, no detail of why beyond what the reader can act on. */
export function refusalPage(status: 401 | 403 | 404 | 500, text: string): string {
  const title = { 401: '链接无效或已过期', 403: '无权查看', 404: '未找到', 500: '暂时无法显示' }[status]
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${CSS}</style></head>
<body><header><h1>督办台账</h1></header><main><section><h2>${title}</h2><p>${esc(text)}</p></section></main></body></html>`
}
