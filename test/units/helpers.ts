import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createUnitDirectory, parseDirectoryData, type UnitDirectory } from '../../src/units/directory.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

export function loadHuilai(): UnitDirectory {
  return createUnitDirectory(parseDirectoryData(JSON.parse(readFileSync(`${root}seeds/huilai-units.json`, 'utf8'))))
}

/** A district (区) with 街道 instead of towns, and a merged 文广旅体 bureau written in full. */
export function tianhe(): UnitDirectory {
  return createUnitDirectory(
    parseDirectoryData({
      county: '天河区',
      units: [
        { name: '区政府办公室', kind: 'dept', aliases: ['区府办'] },
        { name: '区发展和改革局', kind: 'dept' },
        { name: '区文化广电旅游体育局', kind: 'dept' },
        { name: '区城市管理和综合执法局', kind: 'dept' },
        { name: '区市场监督管理局', kind: 'dept' },
        { name: '区卫生健康局', kind: 'dept' },
        { name: '国家税务总局广州市天河区税务局', kind: 'vertical', aliases: ['区税务局'] },
        { name: '区委宣传部', kind: 'party' },
        { name: '石牌街道', kind: 'town' },
        { name: '五山街道', kind: 'town', aliases: ['五山街道办事处'] },
        { name: '沙河街道', kind: 'town' },
      ],
      groups: [
        { name: '区各有关单位', kinds: ['dept', 'vertical'], aliases: ['区直各部门'] },
        { name: '各街道办事处', kinds: ['town'], aliases: ['各街道'] },
      ],
      roles: [{ name: '区政务新媒体主办单位', scope: '区各有关单位' }],
    }),
  )
}

/** A county-level city (市): its own agencies start with 市, as do 市场/市政 words. */
export function puning(): UnitDirectory {
  return createUnitDirectory(
    parseDirectoryData({
      county: '普宁市',
      units: [
        { name: '市政府办公室', kind: 'dept', aliases: [] },
        { name: '市市场监督管理局', kind: 'dept', aliases: ['市知识产权局'] },
        { name: '市政务服务数据管理局', kind: 'dept', aliases: [] },
        { name: '市住房和城乡建设局', kind: 'dept', aliases: [] },
        { name: '市农业农村局', kind: 'dept', aliases: [] },
        { name: '市水务局', kind: 'dept', aliases: [] },
        { name: '市城市管理和综合执法局', kind: 'dept', aliases: [] },
        { name: '揭阳市生态环境局普宁分局', kind: 'vertical', aliases: [] },
        { name: '流沙东街道', kind: 'town', aliases: [] },
        { name: '大坝镇', kind: 'town', aliases: [] },
      ],
      groups: [{ name: '市直各单位', kinds: ['dept', 'vertical'], aliases: [] }],
      roles: [],
    }),
  )
}

/** A county whose directory lacks the bracket aliases of merged agencies. */
export function lianan(): UnitDirectory {
  return createUnitDirectory(
    parseDirectoryData({
      county: '连南瑶族自治县',
      units: [
        { name: '县工业和信息化局', kind: 'dept' },
        { name: '县农业农村局', kind: 'dept' },
        { name: '县自然资源局', kind: 'dept' },
        { name: '县人力资源和社会保障局', kind: 'dept' },
        { name: '县科学技术局', kind: 'dept' },
        { name: '连南供电局', kind: 'enterprise' },
        { name: '三江镇', kind: 'town' },
        { name: '寨岗镇', kind: 'town' },
      ],
      groups: [{ name: '各镇', kinds: ['town'], aliases: [] }],
      roles: [],
    }),
  )
}
