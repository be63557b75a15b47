/** Issue 14: what a document is called in the chat, and how a message names one. */
import { describe, expect, it } from 'vitest'
import { shortNameOf } from '../../src/ledger/documentKey.js'
import { readDocumentChoice, takeDocumentName, taskName } from '../../src/ledger/documentScope.js'
import type { BookDocument } from '../../src/ledger/ports.js'

const doc = (id: number, shortName: string): BookDocument => ({ id, shortName, ordinal: id, archived: false, title: null, issuer: null, issuedOn: null, sourceName: 'x', importedAt: new Date() })
const docs = [doc(1, '政务公开要点'), doc(2, '营商环境'), doc(3, '教育')]

describe('shortNameOf', () => {
  it.each([
    ['惠来县2022年政务公开工作要点任务分解表', '政务公开要点'],
    ['关于印发《揭阳市优化营商环境重点任务分工方案》的通知', '营商环境'],
    ['惠来县人民政府办公室关于印发惠来县深化“放管服”改革工作方案的通知', '放管服改革'],
    ['2023年民生实事任务分解', '民生实事'],
    ['平川县2025年教育重点任务分解表', '教育'],
    ['城市更新行动方案', '城市更新'],
    ['产业园区建设方案', '产业园区建设'],
    ['惠来县安全生产专项整治三年行动任务清单', '安全生产专项整治'],
  ])('%s → %s', (title, name) => {
    expect(shortNameOf(title, ['惠来县', '惠来'])).toBe(name)
  })

  it('has no name for a title made only of the words every plan has, or none', () => {
    expect(shortNameOf('任务分解表')).toBeNull()
    expect(shortNameOf('重点工作任务分工方案')).toBeNull()
    expect(shortNameOf(null)).toBeNull()
  })
})

describe('takeDocumentName', () => {
  it.each([
    ['营商环境第5项已完成', '营商环境', '第5项已完成'],
    ['营商环境 第5项正在推进', '营商环境', '第5项正在推进'],
    ['营商环境的第5项谁负责', '营商环境', '第5项谁负责'],
    ['文件2第3项', '营商环境', '第3项'],
    ['进度汇总 营商环境', '营商环境', '进度汇总'],
    ['营商环境未反馈', '营商环境', '未反馈'],
    ['政务公开要点有哪些任务', '政务公开要点', '有哪些任务'],
  ])('%s names %s', (text, name, rest) => {
    const got = takeDocumentName(text, docs)
    expect(got.document?.shortName).toBe(name)
    expect(got.text).toBe(rest)
  })

  it('does not take a document’s name out of a unit’s (县教育局) or a sentence', () => {
    expect(takeDocumentName('县教育局第5项已完成', docs).document).toBeNull()
    expect(takeDocumentName('第5项已完成，优化营商环境工作持续推进', docs).document).toBeNull()
    expect(takeDocumentName('第5项已完成', docs)).toEqual({ document: null, text: '第5项已完成' })
  })
})

describe('the answer to “which document”', () => {
  it('is a number of the list or a document’s name, nothing else', () => {
    const options = [docs[1]!, docs[0]!]
    expect(readDocumentChoice('1', options)?.shortName).toBe('营商环境')
    expect(readDocumentChoice('２', options)?.shortName).toBe('政务公开要点')
    expect(readDocumentChoice('@督办助手 2', options)?.shortName).toBe('政务公开要点')
    expect(readDocumentChoice('营商环境', options)?.shortName).toBe('营商环境')
    expect(readDocumentChoice('3', options)).toBeNull()
    expect(readDocumentChoice('教育', options)).toBeNull()
    expect(readDocumentChoice('好的', options)).toBeNull()
  })

  it('names a task with its document only when several are active', () => {
    expect(taskName({ number: 5, documentId: 2 }, { documents: docs })).toBe('营商环境第5项')
    expect(taskName({ number: 5, documentId: 2 }, { documents: [docs[1]!] })).toBe('第5项')
  })
})
