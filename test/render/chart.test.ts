/**
 * Issue 16 part 3: the progress chart drawn in-process. The PNG is a real image of the size the
 * layout promises (height growing with the units), its bars carry the colour definition's hex
 * values, and a missing font leaves text out rather than failing the 进度汇总.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHART_KEEP_DAYS, chartSize, progressChartSvg, renderProgressChart, writeProgressChart } from '../../render/chart.js'
import { CHART_PARTS, type ProgressChartData } from '../../src/ledger/chartData.js'
import { COLOUR_HEX } from '../../src/domain/colour.js'
import { pngSize } from '../helpers/png.js'
import { chartTimeTag } from '../../bot/assistantWiring.js'

function data(units: number): ProgressChartData {
  const names = Array.from({ length: units }, (_, i) => (i % 2 ? `第${i + 1}镇` : `县第${i + 1}局`))
  return {
    title: '各单位任务落实情况（截至12月1日）',
    units: names,
    series: CHART_PARTS.map(({ part, label, colour }, k) => ({ part, label, colour: COLOUR_HEX[colour].bar, values: names.map((_, i) => (i + k) % 5) })),
  }
}

describe('progress chart', () => {
  it('renders a PNG twice the layout size, taller with more units', async () => {
    const few = pngSize(await renderProgressChart(data(3)))
    const many = pngSize(await renderProgressChart(data(45)))
    expect(few).toEqual({ width: 1800, height: chartSize(data(3)).height * 2 })
    expect(many).toEqual({ width: 1800, height: chartSize(data(45)).height * 2 })
    // Every unit keeps a row of its own: 45 units need over 1100 CSS pixels.
    expect(chartSize(data(45)).height).toBeGreaterThan(45 * 24)
    expect(pngSize(await renderProgressChart(data(3), { width: 600, pixelRatio: 1 }))).toEqual({ width: 600, height: chartSize(data(3), 600).height })
  })

  it('fills the bars with the colour definition and names every unit and part', () => {
    const svg = progressChartSvg(data(5))
    for (const { colour } of CHART_PARTS) expect(svg.toUpperCase()).toContain(`FILL="${COLOUR_HEX[colour].bar.toUpperCase()}"`)
    for (const name of data(5).units) expect(svg).toContain(name)
    for (const { label } of CHART_PARTS) expect(svg).toContain(label)
    expect(svg).toContain('各单位任务落实情况（截至12月1日）')
  })

  it('still renders without the font file (text may be missing)', async () => {
    const png = await renderProgressChart(data(4), { fontFiles: ['/nonexistent/NotoSansCJK-Regular.ttc'] })
    expect(pngSize(png).width).toBe(1800)
  })
})

describe('chart files under DATA_DIR', () => {
  it('writes the chart under charts/ and prunes pictures older than a month', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'charts-prune-'))
    mkdirSync(join(dataDir, 'charts'))
    const old = join(dataDir, 'charts', 'old.png')
    const recent = join(dataDir, 'charts', 'recent.png')
    writeFileSync(old, 'x')
    writeFileSync(recent, 'x')
    const day = 86_400_000
    utimesSync(old, new Date(Date.now() - (CHART_KEEP_DAYS + 1) * day), new Date(Date.now() - (CHART_KEEP_DAYS + 1) * day))
    utimesSync(recent, new Date(Date.now() - 2 * day), new Date(Date.now() - 2 * day))
    const path = await writeProgressChart(data(2), dataDir, '2026-12-01', '1', { pixelRatio: 1 })
    expect(path).toBe(join(dataDir, 'charts', '各单位任务落实情况-2026年12月1日-1.png'))
    expect(pngSize(readFileSync(path)).width).toBe(900)
    // As bot/ names them: the China time of day after the date.
    expect(chartTimeTag(new Date('2026-12-04T21:06:07Z'))).toBe('050607')
    expect(readdirSync(join(dataDir, 'charts')).sort()).toEqual(['recent.png', '各单位任务落实情况-2026年12月1日-1.png'].sort())
  })
})
