import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseQuotedText } from '../../src/intents/quote.js'
import { decodeEntities, elementText, parseReferMsgXml } from '../../bot/quoteXml.js'

const SEP = '- - - - - - - - - - - - - - -'

describe('parseQuotedText', () => {
  it.each([
    [`「张三：第5项请于6月底前反馈进度」\n${SEP}\n已完成`, '张三', '第5项请于6月底前反馈进度', '已完成'],
    [`「督办助手：【到期提醒】第13项将于9月30日到期」\n${SEP}\n正在推进，预计月底完成`, '督办助手', '【到期提醒】第13项将于9月30日到期', '正在推进，预计月底完成'],
    // reply first, quote last (some clients)
    [`已完成\n${SEP}\n「张三：第5项请于6月底前反馈进度」`, '张三', '第5项请于6月底前反馈进度', '已完成'],
    // no sender name
    [`「第5项请于6月底前反馈进度」\n${SEP}\n已完成`, null, '第5项请于6月底前反馈进度', '已完成'],
    // content with its own colon is not a sender
    [`「第5项：请于6月底前反馈」\n${SEP}\n好的`, null, '第5项：请于6月底前反馈', '好的'],
    // half-width colon, CRLF line ends, shorter separator
    [`「李四:第7项进度如何」\r\n- - - - -\r\n已办结`, '李四', '第7项进度如何', '已办结'],
    // multi-line quote
    [`「督办助手：以下任务即将到期：\n第5项\n第6项」\n${SEP}\n第5项已完成`, '督办助手', '以下任务即将到期：\n第5项\n第6项', '第5项已完成'],
    // multi-line reply
    [`「王五：请反馈」\n${SEP}\n第1项已完成\n第2项正在推进`, '王五', '请反馈', '第1项已完成\n第2项正在推进'],
    // quote containing 「」
    [`「督办助手：第3项「规范性文件库」建设」\n${SEP}\n已上线`, '督办助手', '第3项「规范性文件库」建设', '已上线'],
    // without separator: quote line then reply
    ['「张三：第5项请反馈」\n已完成', '张三', '第5项请反馈', '已完成'],
  ])('%j', (input, name, quoted, reply) => {
    expect(parseQuotedText(input)).toEqual({ quoted: { senderName: name, text: quoted }, reply })
  })

  it.each([
    '第5项已完成',
    '「第5项」已完成', // brackets inside a sentence are not a quote
    `分隔线\n${SEP}\n没有引用`,
    '',
    '「只有引用没有回复」',
  ])('%j is not a quote reply', (input) => {
    expect(parseQuotedText(input)).toBeNull()
  })
})

const xml = (title: string, refer: string, type = '57') =>
  `<?xml version="1.0"?>\n<msg><appmsg appid="" sdkver="0"><title>${title}</title><des></des><type>${type}</type><refermsg><type>1</type><svrid>123</svrid><fromusr>123@chatroom</fromusr><chatusr>wxid_bot</chatusr><displayname>督办助手</displayname>${refer}</refermsg></appmsg><fromusername>wxid_abc</fromusername></msg>`

describe('parseReferMsgXml', () => {
  it('reads the reply and the quoted message', () => {
    expect(parseReferMsgXml(xml('已完成', '<content>第5项请于6月底前反馈进度</content>'))).toEqual({
      quoted: { senderName: '督办助手', text: '第5项请于6月底前反馈进度' },
      reply: '已完成',
    })
  })

  it('decodes entities in title and content', () => {
    const r = parseReferMsgXml(xml('第5项完成70%&amp;预计&lt;月底&gt;', '<content>&quot;第5项&quot;&#x8BF7;反馈&#36827;度</content>'))
    expect(r).toEqual({ quoted: { senderName: '督办助手', text: '"第5项"请反馈进度' }, reply: '第5项完成70%&预计<月底>' })
  })

  it('reads CDATA sections', () => {
    const r = parseReferMsgXml(xml('<![CDATA[已办结]]>', '<content><![CDATA[第7项 <截止9月30日>]]></content>'))
    expect(r?.reply).toBe('已办结')
    expect(r?.quoted.text).toBe('第7项 <截止9月30日>')
  })

  it('accepts the whole message entity-escaped (wechat4u) with a group sender prefix', () => {
    const escaped = 'wxid_abc:\n' + xml('已完成', '<content>第9项</content>').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    expect(parseReferMsgXml(escaped)).toEqual({ quoted: { senderName: '督办助手', text: '第9项' }, reply: '已完成' })
  })

  it('takes the title of a quoted appmsg instead of its XML', () => {
    const inner = '&lt;msg&gt;&lt;appmsg&gt;&lt;title&gt;第5项工作方案.docx&lt;/title&gt;&lt;/appmsg&gt;&lt;/msg&gt;'
    expect(parseReferMsgXml(xml('这个已报送', `<content>${inner}</content>`))?.quoted.text).toBe('第5项工作方案.docx')
  })

  it('drops a wxid prefix inside the quoted content', () => {
    expect(parseReferMsgXml(xml('收到', '<content>wxid_zhangsan:\n第5项请反馈</content>'))?.quoted.text).toBe('第5项请反馈')
  })

  it('gives null name when displayname is empty', () => {
    const r = parseReferMsgXml(xml('好', '<content>x</content>').replace('<displayname>督办助手</displayname>', '<displayname></displayname>'))
    expect(r?.quoted.senderName).toBeNull()
  })

  it.each([
    ['not xml', '已完成'],
    ['a link appmsg without refermsg', '<msg><appmsg><title>链接</title><type>5</type></appmsg></msg>'],
    ['a refermsg under another type', xml('x', '<content>y</content>', '5')],
  ])('%s -> null', (_label, input) => {
    expect(parseReferMsgXml(input)).toBeNull()
  })
})

describe('decodeEntities', () => {
  it('decodes named and numeric entities and leaves unknown ones', () => {
    expect(decodeEntities('&lt;a&gt; &amp; &quot;&apos; &#20013; &#x6587; &bogus;')).toBe('<a> & "\' 中 文 &bogus;')
  })
})

describe('elementText', () => {
  it('captures what /<tag(?:\\s[^>]*)?>([\\s\\S]*?)<\\/tag>/ captures', () => {
    const piece = fc.constantFrom('<title>', '</title>', '<title ', '<title\t', '<titles>', '</titles>', '<title', '>', '<', '/', 'a', ' ', '\n', '<content>', '</content>', 'x="<title>"')
    const xml = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''))
    fc.assert(
      fc.property(xml, (s) => {
        const m = /<title(?:\s[^>]*)?>([\s\S]*?)<\/title>/.exec(s)
        expect(elementText(s, 'title')).toBe(m ? m[1] : null)
      }),
      { seed: 7, numRuns: 3_000 },
    )
  })
})
