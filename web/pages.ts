/** The web 台账's pages as HTML strings, from the core's read model (src/ledger/ledgerView.ts). */
import { COLOUR_NAME, type Colour } from '../src/domain/colour.js'
import { STATUS_LABEL } from '../src/domain/status.js'
import { CHART_PARTS } from '../src/ledger/chartData.js'
import { progressKey } from '../src/ledger/book.js'
import { progressText, statusText, type LedgerRow } from '../src/ledger/ledgerRows.js'
import type { DocumentView, LedgerView } from '../src/ledger/ledgerView.js'
import type { BookTask, ProgressReport } from '../src/ledger/ports.js'
import { chinaDateTime } from '../src/clock.js'
import { formatDeadline, ROLE_LABEL } from '../src/replies/tasks.js'
import { COLOUR_HEX } from '../src/domain/colour.js'
import { badge, esc, query } from './html.js'

const COLOURS: Colour[] = ['red', 'yellow', 'blue', 'green', 'none']

const taskLink = (task: BookTask) => `<a href="/task${query({ id: task.id })}">第${esc(task.label ?? task.number)}项</a>`
const unitLink = (unit: string, doc: number | null) => `<a href="/unit${query({ name: unit, doc })}">${esc(unit)}</a>`
const clip = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n).join('') + '…' : s)

/** The document tabs (shown only with several documents). */
function documentTabs(view: LedgerView, doc: DocumentView, path: string): string {
  if (view.documents.length < 2) return ''
  return `<nav class="docs">${view.documents
    .map((d) => `<a href="${path}${query({ doc: d.document.id })}"${d === doc ? ' class="on"' : ''}>${esc(d.document.shortName)}${d.document.archived ? '（已归档）' : ''}</a>`)
    .join('')}</nav>`
}

export function overviewPage(view: LedgerView, doc: DocumentView, chartSvg: string): string {
  const partCards = CHART_PARTS.map(
    (p) => `<div class="card" data-part="${p.part}" style="border-color:${COLOUR_HEX[p.colour].bar}"><b>${doc.parts[p.part]}</b><span>${p.label}</span></div>`,
  ).join('')
  const colourCards = COLOURS.map(
    (c) => `<div class="card" data-colour="${c}" style="background:${COLOUR_HEX[c].fill}"><b>${doc.colours[c]}</b><span>${COLOUR_NAME[c]}${c === 'none' ? '色标' : '色'}</span></div>`,
  ).join('')
  const units = doc.units
    .map(
      (u) => `<tr data-unit="${esc(u.unit)}"><td>${unitLink(u.unit, doc.document.id)}</td><td class="n">${u.tasks}</td><td class="n">${u.done}</td><td class="n">${u.inProgress}</td><td class="n hide-phone">${u.blocked}</td><td class="n">${u.notReported}</td><td class="n">${u.overdue}</td><td>${badge(u.colour)}</td></tr>`,
    )
    .join('')
  const tasks = doc.tasks
    .map(
      (t) => `<tr data-task="${t.task.id}"><td class="no">${taskLink(t.task)}</td><td class="task-text"><div class="clamp">${esc(clip(t.task.text, 60))}</div></td><td class="hide-phone">${esc(formatDeadline(t.task.deadline, view.today, t.state))}</td><td>${t.state ? badge(t.state.colour) : ''}</td></tr>`,
    )
    .join('')
  const total = Object.values(doc.parts).reduce((a, b) => a + b, 0)
  return `${documentTabs(view, doc, '/')}
<section><h2>${esc(doc.document.title ?? doc.document.shortName)}</h2>
<p class="muted">任务 ${doc.tasks.length} 项，单位任务 ${total} 条。</p>
<div class="cards" id="parts">${partCards}</div></section>
<section><h2>按颜色</h2><div class="cards" id="colours">${colourCards}</div>
<p class="muted">红：有逾期未完成；黄、蓝：临近到期；绿：已完成。</p></section>
<section class="chart"><h2>各单位落实情况</h2>${chartSvg}</section>
<section><h2>各单位</h2><div class="scroll"><table id="units"><thead><tr><th>单位</th><th>任务</th><th>已完成</th><th>推进中</th><th class="hide-phone">遇到困难</th><th>未反馈</th><th>逾期</th><th>颜色</th></tr></thead><tbody>${units}</tbody></table></div></section>
<section><h2>任务</h2><div class="scroll"><table id="tasks"><thead><tr><th>序号</th><th>工作任务</th><th class="hide-phone">完成时限</th><th>状态</th></tr></thead><tbody>${tasks}</tbody></table></div></section>`
}

function reportCell(view: LedgerView, report: ProgressReport | null, conditional: boolean): string {
  if (!report) return `<span class="muted">${esc(statusText(report, conditional))}</span>`
  const more = progressText(report)
  return `${esc(STATUS_LABEL[report.status])}${more ? `，${esc(more)}` : ''}<div class="muted">${esc(chinaDateTime(report.reportedAt))} ${esc(view.reporter(report))}</div>`
}

const evidenceCell = (view: LedgerView, row: LedgerRow) => esc((view.evidence.get(progressKey(row.task.id, row.unit)) ?? []).join('、'))

export function unitPage(view: LedgerView, unit: string, docs: DocumentView[]): string {
  const sections = docs
    .map((d) => {
      const rows = d.tasks.flatMap((t) => t.rows.filter((r) => r.unit === unit && !r.conditional))
      if (!rows.length) return ''
      const body = rows
        .map(
          (r) => `<tr data-task="${r.task.id}"><td class="no">${taskLink(r.task)}</td><td class="task-text"><div class="clamp">${esc(clip(r.task.text, 60))}</div></td><td class="hide-phone">${ROLE_LABEL[r.role]}${r.former ? '（已调整）' : ''}</td><td>${badge(r.state.colour)}</td><td>${reportCell(view, r.report, false)}</td><td>${evidenceCell(view, r)}</td></tr>`,
        )
        .join('')
      return `<section><h2>${esc(d.document.shortName)}（${rows.length} 项）</h2><div class="scroll"><table class="unit-tasks"><thead><tr><th>序号</th><th>工作任务</th><th class="hide-phone">职责</th><th>颜色</th><th>最近反馈</th><th>佐证材料</th></tr></thead><tbody>${body}</tbody></table></div></section>`
    })
    .join('')
  return `<section><h2>${esc(unit)}</h2></section>${sections || '<section><p>该单位暂无任务。</p></section>'}`
}

export function taskPage(view: LedgerView, doc: DocumentView, taskId: number, history: ProgressReport[]): string {
  const t = doc.tasks.find((x) => x.task.id === taskId)!
  const rows = t.rows
    .map(
      (r) => `<tr data-unit="${esc(r.unit)}"><td>${r.conditional ? esc(r.unit) : unitLink(r.unit, doc.document.id)}</td><td>${ROLE_LABEL[r.role]}${r.former ? '（已调整）' : ''}</td><td>${r.conditional ? '' : badge(r.state.colour)}</td><td>${reportCell(view, r.report, r.conditional)}</td><td>${evidenceCell(view, r)}</td></tr>`,
    )
    .join('')
  const past = history
    .slice()
    .sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime())
    .map(
      (h) => `<li>${esc(chinaDateTime(h.reportedAt))} ${esc(h.unit)}：${esc(STATUS_LABEL[h.status])}${progressText(h) ? `，${esc(progressText(h))}` : ''}${h.revokedAt ? '（已撤销）' : ''}</li>`,
    )
    .join('')
  return `<section><h2>${esc(doc.document.shortName)} 第${esc(t.task.label ?? t.task.number)}项 ${t.state ? badge(t.state.colour) : ''}</h2>
<p>${esc(t.task.text)}</p><p class="muted">完成时限：${esc(formatDeadline(t.task.deadline, view.today, t.state))}</p></section>
<section><h2>各单位</h2><div class="scroll"><table id="pairs"><thead><tr><th>单位</th><th>职责</th><th>颜色</th><th>最近反馈</th><th>佐证材料</th></tr></thead><tbody>${rows}</tbody></table></div></section>
<section><h2>反馈记录</h2>${past ? `<ul id="history">${past}</ul>` : '<p class="muted">暂无反馈。</p>'}</section>`
}

/** 未反馈 or 逾期: the pairs, filtered by document and unit. */
export function listPage(view: LedgerView, kind: 'missing' | 'overdue', docs: DocumentView[], filter: { doc: number | null; unit: string | null }): string {
  const all = docs.flatMap((d) => (kind === 'missing' ? d.notReported : d.overdue).map((r) => ({ d, r })))
  const rows = all.filter(({ r }) => !filter.unit || r.unit === filter.unit)
  const unitNames = [...new Set(all.map(({ r }) => r.unit))]
  const options = (items: [string, string][], selected: string | null, none: string) =>
    [`<option value="">${none}</option>`, ...items.map(([v, label]) => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(label)}</option>`)].join('')
  const form = `<form class="filters" method="get" action="/${kind}">
${view.documents.length > 1 ? `<select name="doc" onchange="this.form.submit()">${options(view.documents.map((d) => [String(d.document.id), d.document.shortName]), filter.doc == null ? null : String(filter.doc), '全部文件')}</select>` : ''}
<select name="unit" onchange="this.form.submit()">${options(unitNames.map((u) => [u, u]), filter.unit, '全部单位')}</select>
<noscript><button>筛选</button></noscript></form>`
  const title = kind === 'missing' ? '未反馈' : '逾期未完成'
  const body = rows
    .map(
      ({ d, r }) => `<tr><td>${unitLink(r.unit, d.document.id)}</td><td class="no">${view.documents.length > 1 ? `${esc(d.document.shortName)} ` : ''}${taskLink(r.task)}</td><td class="task-text"><div class="clamp">${esc(clip(r.task.text, 50))}</div></td><td>${esc(kind === 'overdue' ? `${r.state.due ?? ''}（逾期${-(r.state.daysLeft ?? 0)}天）` : formatDeadline(r.deadline, view.today, r.state))}</td></tr>`,
    )
    .join('')
  return `<section><h2>${title}（<span id="count">${rows.length}</span> 条）</h2>${form}
${rows.length ? `<div class="scroll"><table id="list"><thead><tr><th>单位</th><th>任务</th><th>工作任务</th><th>${kind === 'overdue' ? '应完成' : '完成时限'}</th></tr></thead><tbody>${body}</tbody></table></div>` : '<p>暂无。</p>'}</section>`
}

