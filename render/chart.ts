/**
 * The progress chart as a PNG, in-process: echarts renders to an SVG string server-side (no DOM, no
 * browser) and resvg rasterises it with the CJK font. The data comes from the core
 * (src/ledger/chartData.ts); this file only draws.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as echarts from 'echarts'
import { renderAsync } from '@resvg/resvg-js'
import { chartFileName, type ProgressChartData } from '../src/ledger/chartData.js'

/** fonts-noto-cjk on Debian; without it the picture still renders, its Chinese text may be missing. */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
const FONT_FAMILY = 'Noto Sans CJK SC'

export interface ChartOptions {
  /** Width in CSS pixels (the SVG's); the PNG is `pixelRatio` times that. */
  width?: number
  /** 2: sharp on a phone's screen when the chat shows the image full-size. */
  pixelRatio?: number
  /** Font files to load; by default the Noto CJK file when it exists. */
  fontFiles?: string[]
}

const ROW_HEIGHT = 26
const TOP = 96
const BOTTOM = 24
const FONT_SIZE = 13

/** The chart's size in CSS pixels: the height grows with the units, so 45 stay readable. */
export function chartSize(data: ProgressChartData, width = 900): { width: number; height: number } {
  return { width, height: TOP + BOTTOM + Math.max(3, data.units.length) * ROW_HEIGHT }
}

/** The chart as SVG (the tests read its fills; the PNG is drawn from it). */
export function progressChartSvg(data: ProgressChartData, opts: Pick<ChartOptions, 'width'> = {}): string {
  const { width, height } = chartSize(data, opts.width)
  const totals = data.units.map((_, i) => data.series.reduce((n, s) => n + (s.values[i] ?? 0), 0))
  const max = Math.max(1, ...totals)
  const sums = new Map(data.series.map((s) => [s.label, s.values.reduce((a, b) => a + b, 0)]))
  // Names up to ten characters (the directory's longest) take their own width; the bars the rest.
  const longest = Math.max(2, ...data.units.map((u) => [...u].length))
  const left = 28 + Math.min(longest, 14) * FONT_SIZE
  const plotWidth = width - left - 56
  // A count is written on its segment only where it fits; the total stands at the bar's end anyway.
  const fits = (value: number) => (value / max) * plotWidth >= 8 + String(value).length * 8
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  chart.setOption({
    animation: false,
    backgroundColor: '#FFFFFF',
    textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, color: '#333333' },
    title: {
      text: data.title,
      left: 'center',
      top: 14,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: 20, fontWeight: 'normal', color: '#222222' },
    },
    legend: {
      top: 52,
      left: 'center',
      itemWidth: 18,
      itemHeight: 12,
      itemGap: 24,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE },
      data: data.series.map((s) => s.label),
      // Each part's sum over the units: the figures a 通报 quotes.
      formatter: (name: string) => `${name} ${sums.get(name) ?? 0}`,
    },
    // What the bars count, where a reader looks for it: above the names.
    graphic: [{ type: 'text', left: 12, top: TOP - 22, style: { text: '单位：项', fontFamily: FONT_FAMILY, fontSize: FONT_SIZE - 1, fill: '#666666' } }],
    grid: { left, right: 56, top: TOP, bottom: BOTTOM },
    xAxis: {
      type: 'value',
      minInterval: 1,
      position: 'top',
      axisLabel: { fontFamily: FONT_FAMILY, color: '#666666' },
      splitLine: { lineStyle: { color: '#E5E5E5' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.units,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#999999' } },
      axisLabel: { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, color: '#333333', interval: 0, width: left - 12, overflow: 'truncate' },
    },
    series: [
      ...data.series.map((s) => ({
        name: s.label,
        type: 'bar',
        stack: 'units',
        barWidth: Math.round(ROW_HEIGHT * 0.62),
        itemStyle: { color: s.colour },
        label: {
          show: true,
          fontFamily: FONT_FAMILY,
          fontSize: 11,
          // White on the strong tones; the grey of 未反馈 is light, dark text reads better on it.
          color: s.part === 'notReported' ? '#333333' : '#FFFFFF',
          formatter: (p: { value: number }) => (p.value > 0 && fits(p.value) ? String(p.value) : ''),
        },
        data: s.values,
      })),
      // The unit's total at the end of its bar: a zero-width segment on top of the stack, labelled.
      {
        name: '合计',
        type: 'bar',
        stack: 'units',
        data: totals.map(() => 0),
        itemStyle: { color: 'transparent' },
        label: {
          show: true,
          position: 'right',
          fontFamily: FONT_FAMILY,
          fontSize: 12,
          color: '#333333',
          formatter: (p: { dataIndex: number }) => String(totals[p.dataIndex] ?? ''),
        },
        tooltip: { show: false },
      },
    ],
  })
  const svg = chart.renderToSVGString()
  chart.dispose()
  return svg
}

/** The chart as PNG bytes. Never throws for a missing font: the text is then drawn with what there is, or left out. */
export async function renderProgressChart(data: ProgressChartData, opts: ChartOptions = {}): Promise<Buffer> {
  const svg = progressChartSvg(data, opts)
  const { width } = chartSize(data, opts.width)
  const fontFiles = (opts.fontFiles ?? [CJK_FONT_FILE]).filter((f) => existsSync(f))
  // Off the event loop (loading the CJK font and rasterising take about a second): the bot keeps answering.
  const image = await renderAsync(svg, {
    background: '#FFFFFF',
    fitTo: { mode: 'width', value: width * (opts.pixelRatio ?? 2) },
    font: {
      fontFiles,
      // Without the CJK file, whatever the system has (may hold no Chinese glyphs).
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: FONT_FAMILY,
      defaultFontSize: FONT_SIZE,
    },
  })
  return image.asPng()
}

/**
 * Writes the chart under DATA_DIR/charts and returns its path (the file the chat sends). `tag` keeps
 * two charts of one day apart (a queued digest's picture is not overwritten by a later 进度汇总).
 */
export async function writeProgressChart(data: ProgressChartData, dataDir: string, today: string, tag: string, opts: ChartOptions = {}): Promise<string> {
  const dir = join(dataDir, 'charts')
  await mkdir(dir, { recursive: true })
  const path = join(dir, chartFileName(today, tag))
  await writeFile(path, await renderProgressChart(data, opts))
  await pruneCharts(dir, Date.now() - CHART_KEEP_DAYS * 86_400_000)
  return path
}

/** Pictures are made again on demand; a month covers a digest waiting in the outbox while WeChat is down. */
export const CHART_KEEP_DAYS = 30

/** Deletes chart files last written before `before` (ms), so DATA_DIR does not grow by a picture per 进度汇总. */
export async function pruneCharts(dir: string, before: number): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.png')) continue
    const file = join(dir, name)
    const info = await stat(file).catch(() => null)
    if (info && info.mtimeMs < before) await rm(file, { force: true })
  }
}
