/** parseDelimited: the one reader of CSV files and of tables copied from Excel or a web page. */
import { describe, expect, it } from 'vitest'
import { parseDelimited } from '../../src/tasks/delimited.js'

describe('parseDelimited', () => {
  it('reads an Excel copy: a quoted cell holds line breaks and doubled quotes; other quotes are text', () => {
    const text = '序号\t任务\t单位\r\n1\t"推进改革：\r\n（1）推行""一网通办""；\n（2）压减时限。"\t县政数局\n2\t"双随机"检查\t县市场监管局\n3\t"末尾\t"'
    const { rows, lines } = parseDelimited(text, '\t', { strictQuotes: false })
    expect(rows).toEqual([
      ['序号', '任务', '单位'],
      ['1', '推进改革：\r\n（1）推行"一网通办"；\n（2）压减时限。', '县政数局'],
      ['2', '"双随机"检查', '县市场监管局'],
      // A cell holding a tab is quoted too.
      ['3', '末尾\t'],
    ])
    expect(lines).toEqual([1, 2, 5, 6])
  })

  it('reads CSV by RFC 4180: a quote opening a field quotes it to the next lone quote', () => {
    const { rows, lines } = parseDelimited('a,"b,c"\n"x""y",z\n"多\n行",w', ',', { strictQuotes: true })
    expect(rows).toEqual([['a', 'b,c'], ['x"y', 'z'], ['多\n行', 'w']])
    expect(lines).toEqual([1, 2, 3])
  })

  it('keeps empty cells and a last row without a line break', () => {
    expect(parseDelimited('a\t\tb\n\t', '\t', { strictQuotes: false }).rows).toEqual([['a', '', 'b'], ['', '']])
  })
})
