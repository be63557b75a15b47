import { describe, expect, it } from 'vitest'
import { splitUnitList } from '../../src/units/split.js'

describe('splitUnitList', () => {
  it('splits on every list separator, full and half width', () => {
    expect(splitUnitList('县司法局、县财政局，县民政局,县审计局；县统计局;县林业局')).toEqual([
      '县司法局', '县财政局', '县民政局', '县审计局', '县统计局', '县林业局',
    ])
  })

  it('keeps bracketed alternate names and bracket-internal separators in one item', () => {
    expect(splitUnitList('县农业农村局（县乡村振兴局）、县工业和信息化局(县商务局、县科技局)、各镇人民政府（场）')).toEqual([
      '县农业农村局（县乡村振兴局）', '县工业和信息化局(县商务局、县科技局)', '各镇人民政府（场）',
    ])
  })

  it('splits on 及/和/与/以及 only between two unit names', () => {
    expect(splitUnitList('县财政局及各镇人民政府')).toEqual(['县财政局', '各镇人民政府'])
    expect(splitUnitList('县发改局和县审计局')).toEqual(['县发改局', '县审计局'])
    expect(splitUnitList('县委宣传部以及县融媒体中心')).toEqual(['县委宣传部', '县融媒体中心'])
    expect(splitUnitList('县住房和城乡建设局和县工业和信息化局')).toEqual(['县住房和城乡建设局', '县工业和信息化局'])
    expect(splitUnitList('县住房和城乡建设局')).toEqual(['县住房和城乡建设局'])
    expect(splitUnitList('县工业和信息化局')).toEqual(['县工业和信息化局'])
    expect(splitUnitList('县人力资源和社会保障局')).toEqual(['县人力资源和社会保障局'])
    expect(splitUnitList('区城市管理和综合执法局')).toEqual(['区城市管理和综合执法局'])
    expect(splitUnitList('市海洋与渔业局')).toEqual(['市海洋与渔业局'])
    expect(splitUnitList('和平镇、人和镇')).toEqual(['和平镇', '人和镇'])
  })

  it('drops a trailing 等 with its tail, empty items and stray punctuation', () => {
    expect(splitUnitList('县发改局、县财政局等')).toEqual(['县发改局', '县财政局'])
    expect(splitUnitList('县发改局、县财政局等有关单位。')).toEqual(['县发改局', '县财政局'])
    expect(splitUnitList('县教育局、县卫健局等3个单位')).toEqual(['县教育局', '县卫健局'])
    expect(splitUnitList('、县司法局,, ；  县财政局、')).toEqual(['县司法局', '县财政局'])
  })

  it('splits line breaks and space-separated unit names from docx cells, but joins a broken name', () => {
    expect(splitUnitList('县司法局\n县财政局\r\n县民政局')).toEqual(['县司法局', '县财政局', '县民政局'])
    expect(splitUnitList('县发改局 县财政局\u3000县审计局')).toEqual(['县发改局', '县财政局', '县审计局'])
    expect(splitUnitList('县 司法局')).toEqual(['县司法局'])
  })

  it('survives odd input', () => {
    expect(splitUnitList('')).toEqual([])
    expect(splitUnitList('   ')).toEqual([])
    expect(splitUnitList('等')).toEqual([])
    expect(splitUnitList('县财政局（牵头')).toEqual(['县财政局（牵头'])
    expect(splitUnitList('😀、县司法局')).toEqual(['😀', '县司法局'])
    expect(splitUnitList(undefined as unknown as string)).toEqual([])
  })
})
