import { describe, expect, it } from 'vitest'
import { parseIntent, type Intent } from '../../src/intents/parseIntent.js'
import type { QuotedMessage } from '../../src/chat.js'

/** Thursday 2022-09-15, 10:00 China time. */
const now = new Date('2022-09-15T10:00:00+08:00')
const ask = (text: string, quoted?: QuotedMessage) => parseIntent(text, { mentioned: true, now, quoted: quoted ?? null })
const overhear = (text: string, quoted?: QuotedMessage) => parseIntent(text, { mentioned: false, now, quoted: quoted ?? null })
const reminder: QuotedMessage = { senderName: '督办助手', text: '【到期提醒】第5项将于9月30日到期，请及时反馈进度' }

function cases(type: Intent['type'], texts: string[]): [string, Intent['type']][] {
  return texts.map((t) => [t, type])
}

describe('parseIntent (mentioned): intent type', () => {
  it.each([
    ...cases('help', ['帮助', '你能做什么', '怎么用', '?', '？', '菜单', '', '  ', '你好', '使用说明', '有什么功能', '怎么使用？', '请问怎么用', '功能', 'help', '你会干啥']),
    ...cases('bind', ['绑定 县司法局', '绑定县司法局', '绑定：县司法局', '我是人社局联络员', '我是县财政局的', '我是发改局联络员张三', '绑定 @张三 县财政局', '绑定 县财政局 @张三', '我是葵潭镇的联络员', '本人是县卫生健康局联络员', '我是县政府办公室的', '我负责住建局的联络工作']),
    ...cases('unbind', ['解绑', '解除绑定', '取消绑定', '解绑 @张三', '我不是司法局联络员了']),
    ...cases('whoami', ['我是谁', '我绑定的是哪个单位', '我绑定了哪个单位', '我是哪个单位的', '我的绑定', '绑定信息', '查看绑定', '我是谁？']),
    ...cases('my_tasks', ['我单位负责什么', '我们有哪些任务', '本单位的任务', '我的任务', '我们单位要做什么', '我们局负责哪些工作', '我单位牵头哪些任务', '本单位任务清单', '查询我单位的任务', '我们的任务有哪些', '我单位的任务 第2页', '请问我们单位有哪些任务？']),
    ...cases('unit_tasks', ['发改局有哪些任务', '县司法局负责什么', '查询 住建局', '人社局的任务', '县财政局牵头哪些', '查一下县民政局', '卫健局需要落实哪些工作', '县政务服务数据管理局有什么任务', '葵潭镇的任务清单', '查看 县教育局 第2页', '县司法局', '人社负责什么']),
    ...cases('more', ['更多', '下一页', '第2页', '继续', '还有吗', '下页', '第三页', '3页']),
    ...cases('task_detail', ['第57项', '第五十七项谁负责', '任务41', '41项是什么', '第十三项内容', '第5项具体要求', '查一下第8项', '第5项的牵头单位是谁', '第５７项', '第5、6项', '第5项什么时候到期', '第5项讲的是什么？']),
    ...cases('task_progress', ['第5项进度', '第5项完成了吗', '第5项各单位进展', '第5项进展情况', '第5项落实得怎么样了', '第5项谁还没报', '第13项完成情况如何？', '第5项办结了没有']),
    ...cases('search', ['搜索 疫情', '查找 规范性文件', '和规范性文件有关的任务', '有关疫情的任务', '搜 政务公开', '关键词：年报', '与政府网站相关的任务', '涉及依申请公开的任务', '疫情防控相关任务', '查询 政府信息公开']),
    ...cases('due_soon', ['快到期的', '近期到期任务', '本周到期', '即将到期', '快到期的任务有哪些', '我单位即将到期的任务', '7天内到期', '下周到期的', '本月到期任务', '发改局快到期的任务']),
    ...cases('overdue', ['逾期任务', '超期的', '已逾期', '逾期的任务有哪些', '我单位逾期任务', '超期未完成', '司法局逾期任务', '有哪些逾期']),
    ...cases('report', ['第1项已完成', '1、2项已完成；3项正在推进', '第13至16项均已落实', '第5项完成70%，预计11月底完成', '【进度反馈】\n1.第5项：已完成\n2.第6项：正在推进，完成七成', '代 县司法局 第5项已完成', '第5项遇到困难，需协调', '第5项尚未启动', '已完成', '第5项 已报县政府审定', '第5项60%']),
    ...cases('undo', ['撤销', '撤回', '撤销上一条', '刚才报错了撤销', '取消上一条', '上一条作废', '撤回刚才的反馈', '撤销第5项']),
    ...cases('summary', ['进度汇总', '汇总', '总体进度', '整体进度', '进度统计', '各单位完成情况', '全县进度', '看看汇总']),
    ...cases('missing', ['未反馈', '哪些单位没反馈', '谁还没报', '还有哪些单位没有报', '未上报单位', '哪些单位还没反馈进度']),
    ...cases('export', ['导出台账', '导出', '下载台账', '台账', '导出进度台账', '发一下台账', '导出excel']),
    ...cases('enable_room', ['启用本群', '开启本群', '启用', '本群启用', '开启督办助手']),
    ...cases('disable_room', ['停用本群', '关闭本群', '停用', '关闭提醒', '本群停用']),
    ...cases('claim_admin', ['管理员 123456', '认领管理员 ABC123', '管理员ABC123', '认领管理员：a1b2c3']),
    ...cases('unknown', ['今天天气不错', '明天开会吗', '我是张三', '哈哈', '谁在值班']),
  ])('%j -> %s', (text, type) => {
    expect(ask(text).type).toBe(type)
  })
})

describe('parseIntent (mentioned): fields', () => {
  it.each<[string, Intent]>([
    ['绑定 县司法局', { type: 'bind', unit: '县司法局', targetName: null }],
    ['我是人社局联络员', { type: 'bind', unit: '人社局', targetName: null }],
    ['我是县财政局的', { type: 'bind', unit: '县财政局', targetName: null }],
    ['我是发改局联络员张三', { type: 'bind', unit: '发改局', targetName: null }],
    ['绑定 @张三 县财政局', { type: 'bind', unit: '县财政局', targetName: '张三' }],
    ['绑定 @李小龙\u2005县司法局', { type: 'bind', unit: '县司法局', targetName: '李小龙' }],
    ['绑定 县财政局 @张三', { type: 'bind', unit: '县财政局', targetName: '张三' }],
    ['绑定 县司法局联络员', { type: 'bind', unit: '县司法局', targetName: null }],
    ['解绑 @张三', { type: 'unbind', targetName: '张三' }],
    ['解绑', { type: 'unbind', targetName: null }],
    ['我单位负责什么', { type: 'my_tasks', page: null, role: null }],
    ['我单位牵头哪些任务', { type: 'my_tasks', page: null, role: 'lead' }],
    ['我们配合哪些工作', { type: 'my_tasks', page: null, role: 'support' }],
    ['我的任务 第2页', { type: 'my_tasks', page: 2, role: null }],
    ['发改局有哪些任务', { type: 'unit_tasks', unit: '发改局', page: null, role: null }],
    ['县财政局牵头哪些', { type: 'unit_tasks', unit: '县财政局', page: null, role: 'lead' }],
    ['县财政局指导哪些任务', { type: 'unit_tasks', unit: '县财政局', page: null, role: 'guide' }],
    ['查询 住建局', { type: 'unit_tasks', unit: '住建局', page: null, role: null }],
    ['人社局的任务 第3页', { type: 'unit_tasks', unit: '人社局', page: 3, role: null }],
    ['第2页', { type: 'more', page: 2 }],
    ['更多', { type: 'more', page: null }],
    ['第五十七项谁负责', { type: 'task_detail', number: 57, numbers: [57] }],
    ['第5、6项是什么', { type: 'task_detail', number: 5, numbers: [5, 6] }],
    ['第5项完成了吗', { type: 'task_progress', number: 5 }],
    ['搜索 疫情', { type: 'search', query: '疫情' }],
    ['搜索：“规范性文件”', { type: 'search', query: '规范性文件' }],
    ['和规范性文件有关的任务', { type: 'search', query: '规范性文件' }],
    ['和县司法局有关的任务', { type: 'unit_tasks', unit: '县司法局', page: null, role: null }],
    ['快到期的', { type: 'due_soon', unit: null, withinDays: null }],
    ['本周到期', { type: 'due_soon', unit: null, withinDays: 3 }],
    ['下周到期的', { type: 'due_soon', unit: null, withinDays: 10 }],
    ['本月到期任务', { type: 'due_soon', unit: null, withinDays: 15 }],
    ['7天内到期', { type: 'due_soon', unit: null, withinDays: 7 }],
    ['发改局快到期的任务', { type: 'due_soon', unit: '发改局', withinDays: null }],
    ['司法局逾期任务', { type: 'overdue', unit: '司法局' }],
    ['逾期任务', { type: 'overdue', unit: null }],
    ['撤销', { type: 'undo', tasks: [] }],
    ['撤销第5项', { type: 'undo', tasks: [5] }],
    ['管理员 123456', { type: 'claim_admin', code: '123456' }],
    ['认领管理员 ABC123', { type: 'claim_admin', code: 'ABC123' }],
    ['今天天气不错', { type: 'unknown', text: '今天天气不错' }],
  ])('%j', (text, intent) => {
    expect(ask(text)).toEqual(intent)
  })

  it('records a proxy report with the unit and the items', () => {
    expect(ask('代 县司法局 第5项已完成')).toEqual({
      type: 'report',
      unit: '县司法局',
      problems: [],
      items: [{ tasks: [5], status: 'done', percent: null, expectedDate: null, note: null }],
    })
  })

  it.each([
    ['代县司法局：第5项已完成', '县司法局'],
    ['代县司法局报 第5项正在推进', '县司法局'],
    ['替葵潭镇反馈：第7项已落实', '葵潭镇'],
    ['代报 人社局 第3项未启动', '人社局'],
  ])('proxy %j -> %s', (text, unit) => {
    const i = ask(text)
    expect(i.type).toBe('report')
    expect(i.type === 'report' && i.unit).toBe(unit)
    expect(i.type === 'report' && i.items.length).toBe(1)
  })

  it('full report with percent and date', () => {
    expect(ask('第5项完成70%，预计11月底完成')).toEqual({
      type: 'report', unit: null, problems: [],
      items: [{ tasks: [5], status: 'in_progress', percent: 70, expectedDate: '2022-11-30', note: null }],
    })
  })

  it('task numbers with words that are not a status: report with a problem', () => {
    expect(ask('第5项 已报县政府审定')).toEqual({
      type: 'report', unit: null, items: [], problems: ['第5项未写明进展（已完成/正在推进/未开始/有困难）'],
    })
    const several = ask('第5、6项材料已报送县政府')
    expect(several.type).toBe('report') // 已报送 is a done word
  })

  it('a status without a task (no quote) asks for the number', () => {
    expect(ask('已完成')).toEqual({ type: 'report', unit: null, items: [], problems: ['未写明任务序号（如：第5项已完成）'] })
  })

  it('a quote reply to a reminder supplies the task', () => {
    expect(ask('已完成', reminder)).toEqual({
      type: 'report', unit: null, problems: [],
      items: [{ tasks: [5], status: 'done', percent: null, expectedDate: null, note: null }],
    })
  })

  it('a question quoting a reminder asks about that task', () => {
    expect(ask('这项是什么内容？', reminder)).toEqual({ type: 'task_detail', number: 5, numbers: [5] })
  })

  it('导入, 预览导入 and 确认导入 (which confirms a revision’s diff)', () => {
    expect(ask('导入')).toEqual({ type: 'import_table', dryRun: false })
    expect(ask('预览导入')).toEqual({ type: 'import_table', dryRun: true })
    expect(ask('确认导入')).toEqual({ type: 'import_table', dryRun: false, confirm: true })
    expect(ask('确认导入新表')).toEqual({ type: 'import_table', dryRun: false, confirm: true })
  })

  it('full-width input is understood', () => {
    expect(ask('第５７项')).toEqual({ type: 'task_detail', number: 57, numbers: [57] })
    expect(ask('管理员　ＡＢＣ１２３')).toEqual({ type: 'claim_admin', code: 'ABC123' })
  })
})

describe('parseIntent (not mentioned)', () => {
  it.each([
    '收到', '好的', '谢谢', '收到，马上落实', '好的，抓紧落实', '大家辛苦了', '明天上午开会',
    '第5项完成了吗', '第5项谁负责？', '请各单位于月底前完成第5项', '各单位注意：第5项9月30日到期',
    '第5项月底前完成', // a plan alone is not a report
    '第5项本周内完成',
    '第57项', '我单位负责什么', '帮助', '', '文件撤回了', '他撤回了一条消息',
  ])('%j is ignored', (text) => {
    expect(overhear(text)).toEqual({ type: 'ignore' })
  })

  // Every receipt says “回复“撤销”可撤回”: a bare 撤销 to the group is an undo (the handler stays silent if nothing of the sender's can be undone).
  it.each(['撤销', '撤回', '撤销刚才的', '刚才报错了，撤销'])('%j is an undo', (text) => {
    expect(overhear(text)).toEqual({ type: 'undo', tasks: [] })
  })

  it.each([
    '第1项已完成',
    '1、2项已完成；3项正在推进',
    '第13至16项均已落实',
    '第5项完成70%，预计11月底完成',
    '【进度反馈】\n1.第5项：已完成\n2.第6项：正在推进，完成七成',
    '第5项遇到困难，需县里协调',
    '第5项 60%',
    '我局第8项已办结，特此报告',
    '第12项 已完成 第13项 推进中',
    '收到，第5项我们正在推进',
    '第3项：我局已于9月10日在门户网站公开清理结果',
    '第七项已按要求完成[强]',
  ])('%j is a report', (text) => {
    const i = overhear(text)
    expect(i.type).toBe('report')
    expect(i.type === 'report' && i.items.length).toBeGreaterThan(0)
  })

  it('a quote reply to a reminder is a report without a mention', () => {
    expect(overhear('已完成', reminder)).toEqual({
      type: 'report', unit: null, problems: [],
      items: [{ tasks: [5], status: 'done', percent: null, expectedDate: null, note: null }],
    })
  })

  it('an acknowledgement quoting a reminder is not', () => {
    expect(overhear('收到', reminder)).toEqual({ type: 'ignore' })
    expect(overhear('好的，收到', reminder)).toEqual({ type: 'ignore' })
  })

  it('帮县民政局报一下：… reports for that unit', () => {
    const i = overhear('帮县民政局报一下：第8项已办结')
    expect(i.type === 'report' && i.unit).toBe('县民政局')
  })

  it('a promise quoting a reminder is not a report', () => {
    expect(overhear('收到，我们尽快完成', reminder)).toEqual({ type: 'ignore' })
  })

  it('a proxy report without a mention keeps its unit', () => {
    const i = overhear('代 县司法局 第5项已完成')
    expect(i.type === 'report' && i.unit).toBe('县司法局')
  })
})

describe('parseIntent: greetings, deadlines and roles (mentioned)', () => {
  it.each<[string, Intent]>([
    ['领导好', { type: 'help' }],
    ['领导好，我单位负责什么', { type: 'my_tasks', page: null, role: null }],
    ['各位领导好！发改局有哪些任务', { type: 'unit_tasks', unit: '发改局', page: null, role: null }],
    ['快到期的任务有哪些？', { type: 'due_soon', unit: null, withinDays: null }],
    ['最近有哪些快到期的任务', { type: 'due_soon', unit: null, withinDays: null }],
    ['这周要到期的有哪些', { type: 'due_soon', unit: null, withinDays: 3 }],
    ['发改局快到期的任务', { type: 'due_soon', unit: '发改局', withinDays: null }],
    ['7天内到期', { type: 'due_soon', unit: null, withinDays: 7 }],
    ['哪些任务逾期了', { type: 'overdue', unit: null }],
    ['我单位有逾期的吗', { type: 'overdue', unit: null }],
    ['我们单位逾期了哪些', { type: 'overdue', unit: null }],
    ['司法局逾期任务', { type: 'overdue', unit: '司法局' }],
    ['县林业局牵头的任务', { type: 'unit_tasks', unit: '县林业局', page: null, role: 'lead' }],
    ['我们配合的任务有哪些', { type: 'my_tasks', page: null, role: 'support' }],
    ['第5项要求什么时候完成', { type: 'task_detail', number: 5, numbers: [5] }],
    ['第5项什么时候能完成', { type: 'task_progress', number: 5 }],
    ['我单位一共有多少项任务', { type: 'my_tasks', page: null, role: null }],
    ['刚才那条发错了', { type: 'undo', tasks: [] }],
  ])('%j', (text, intent) => {
    expect(ask(text)).toEqual(intent)
  })

  it.each(['申请延期怎么办', '逾期未反馈的单位'])('%j is not a deadline list', (text) => {
    expect(['overdue', 'due_soon']).not.toContain(ask(text).type)
  })

  it.each([
    ['第5项已完成，第6项还在推进，请问第7项是哪个单位牵头？', [[5], [6]]],
    ['第3项完成了没有，第4项已完成', [[4]]],
    ['第5项已完成，是否需要报送纸质材料？', [[5]]],
  ])('a report with a question records the report: %j', (text, tasks) => {
    for (const i of [ask(text), overhear(text)]) {
      expect(i.type).toBe('report')
      expect(i.type === 'report' && i.items.map((it) => it.tasks)).toEqual(tasks)
    }
  })
})

describe('parseIntent: what liaisons say without a mention', () => {
  it.each([
    '领导好', '各位领导好，我是县司法局联络员李明', '收到👌', '好的👌', '[强][强]', '已阅',
    '各位联络员：请对照任务清单，于9月底前完成第二轮自查',
    '@所有人 请各联络员于本周五下班前将第1至10项完成情况报县政府办',
    '截至9月15日，全县57项任务已完成30项，正在推进20项，未启动7项',
    '我局牵头的3项任务已全部完成', '已完成15项，正在推进3项',
    '联系电话：13812345678', '县政府第12次常务会议已召开', '2022年第3期督办通报已下发',
    '【督办提醒】以下任务即将到期：第5项、第8项', '第5项还有3天到期', '第5项要求10月底前完成',
    '第5项是不是已经完成了', '第5项有没有完成', '第5项跟我们没关系吧', '第5项的材料已发到邮箱了吗',
    '第5项务必马上完成', '第3项我们会按时完成',
    '第5项已完成的单位请于周五前报送佐证材料', '第5项还未完成的单位，请抓紧推进',
    '第5项目前仅县司法局已完成，其他单位请抓紧', '县政府办：第5项各单位均已完成，感谢大家',
  ])('%j is ignored', (text) => {
    expect(overhear(text)).toEqual({ type: 'ignore' })
  })

  it.each([
    '各位领导好！县人社局第12项进展：已完成70%，预计11月底完成',
    '领导好，我单位第5项已完成，相关材料已报送县政府办',
    '第5项我们完成不了，是不是可以调整牵头单位',
    '第45项：于8月30日印发《关于加强…的通知》',
    '第5项 完成率100%',
    '第5项快完成了',
    '（一）第5项已完成',
    '第3项 √',
    '第5项：我局作为配合单位，已按要求配合牵头单位完成相关工作',
    '第5项遇到困难，需要相关单位协调',
  ])('%j is a report', (text) => {
    const i = overhear(text)
    expect(i.type).toBe('report')
    expect(i.type === 'report' && i.items.length).toBeGreaterThan(0)
  })
})
