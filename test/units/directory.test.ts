import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createUnitDirectory, parseDirectoryData, tooLongToBeClose } from '../../src/units/directory.js'
import { editDistance, sharedChars } from '../../src/units/normalize.js'
import { lianan, loadHuilai, puning, tianhe } from './helpers.js'

const huilai = loadHuilai()
const name = (raw: string, d = huilai) => d.resolve(raw)?.name ?? null

describe('parseDirectoryData', () => {
  it('accepts the seed, ignores _comment and defaults missing aliases/groups/roles', () => {
    expect(huilai.data.county).toBe('惠来县')
    expect(huilai.data.units).toHaveLength(45)
    expect('_comment' in (huilai.data as object)).toBe(false)
    const d = parseDirectoryData({ county: '歙县', units: [{ name: '县司法局', kind: 'dept' }] })
    expect(d).toEqual({ county: '歙县', units: [{ name: '县司法局', kind: 'dept', aliases: [] }], groups: [], roles: [] })
  })

  it.each([
    [{ units: [] }, /county/],
    [{ county: '', units: [] }, /county/],
    [{ county: '惠来县', units: [{ name: '县司法局', kind: 'bureau' }] }, /units\[0\]\.kind/],
    [{ county: '惠来县', units: [{ name: '县司法局', kind: 'dept' }, { kind: 'dept' }] }, /units\[1\]\.name/],
    [{ county: '惠来县', units: [{ name: '县司法局', kind: 'dept', aliases: [1] }] }, /units\[0\]\.aliases\[0\]/],
    [{ county: '惠来县', units: [], groups: [{ name: '各镇', kinds: [] }] }, /groups\[0\]\.kinds/],
    [{ county: '惠来县', units: [], roles: [{ name: '起草单位', scope: '县直各单位' }] }, /roles\[0\]\.scope.*县直各单位/],
    [{ county: '惠来县', units: [{ name: '县司法局', kind: 'dept' }, { name: '县司法局', kind: 'dept' }] }, /units\[1\]\.name.*县司法局/],
    ['not an object', /unit directory/],
  ])('rejects %j naming the bad field', (input, message) => {
    expect(() => parseDirectoryData(input)).toThrow(message)
  })
})

describe('prefix', () => {
  it('derives the level prefix from the county name', () => {
    expect(huilai.prefix).toBe('县')
    expect(tianhe().prefix).toBe('区')
    expect(puning().prefix).toBe('市')
    expect(lianan().prefix).toBe('县')
    expect(createUnitDirectory({ county: '科尔沁右翼前旗', units: [], groups: [], roles: [] }).prefix).toBe('旗')
    expect(createUnitDirectory({ county: '神农架林区', units: [], groups: [], roles: [] }).prefix).toBe('区')
  })
})

describe('resolve (惠来县)', () => {
  it('matches canonical names, directory aliases, groups and roles', () => {
    expect(huilai.resolve('县司法局')).toEqual({ type: 'unit', name: '县司法局', kind: 'dept', isNew: false })
    expect(name('县人民防空办公室')).toBe('县人防办')
    expect(huilai.resolve('县直各单位')).toEqual({ type: 'group', name: '县政府各部门' })
    expect(huilai.resolve('各镇（场）')).toEqual({ type: 'group', name: '各镇人民政府（场）' })
    expect(huilai.resolve('县政府规范性文件起草单位')).toEqual({ type: 'role', name: '县政府规范性文件起草单位' })
  })

  it('ignores the county prefix, or accepts the full county name', () => {
    expect(name('司法局')).toBe('县司法局')
    expect(name('惠来县司法局')).toBe('县司法局')
    expect(name('惠来县人民政府办公室')).toBe('县政府办公室')
    expect(name('县人民政府办公室')).toBe('县政府办公室')
    expect(name('国家税务总局惠来县税务局')).toBe('县税务局')
    expect(name('中共惠来县委组织部')).toBe('县委组织部')
    expect(name('惠城镇人民政府')).toBe('惠城镇')
  })

  it('never reads another level as ours', () => {
    expect(name('市生态环境局惠来分局')).toBe('市生态环境局惠来分局')
    expect(huilai.resolve('市司法局')).toBeNull()
    expect(huilai.resolve('省司法厅')).toBeNull()
    expect(huilai.resolve('揭阳市财政局')).toBeNull()
    expect(huilai.resolve('财政局', { prefix: '市' })).toBeNull()
    expect(name('财政局', huilai)).toBe('县财政局')
  })

  it('treats 和 as optional in agency names', () => {
    expect(name('县住房和城乡建设局')).toBe('县住房城乡建设局')
    expect(name('住房和城乡建设局')).toBe('县住房城乡建设局')
    expect(name('县发展和改革局')).toBe('县发展改革局')
    expect(name('人力资源和社会保障局')).toBe('县人力资源社会保障局')
    expect(name('县工业信息化局')).toBe('县工业和信息化局')
    // Names outside the abbreviation table rely on the rule alone; place names keep their 和.
    const d = createUnitDirectory({
      county: '饶平县',
      units: [
        { name: '县民族宗教和侨务局', kind: 'dept', aliases: [] },
        { name: '县统计普查中心', kind: 'dept', aliases: [] },
        { name: '和平镇', kind: 'town', aliases: [] },
      ],
      groups: [],
      roles: [],
    })
    expect(name('民族宗教侨务局', d)).toBe('县民族宗教和侨务局')
    expect(name('县统计和普查中心', d)).toBe('县统计普查中心')
    expect(name('饶平县统计与普查中心', d)).toBe('县统计普查中心')
    expect(name('和平镇', d)).toBe('和平镇')
    expect(d.resolve('平镇')).toBeNull()
  })

  it('resolves merged agencies written with either name or both', () => {
    expect(name('县工业和信息化局（县商务局）')).toBe('县工业和信息化局')
    expect(name('县工业和信息化局(商务局)')).toBe('县工业和信息化局')
    expect(name('县商务局')).toBe('县工业和信息化局')
    expect(name('县农业农村局（乡村振兴局）')).toBe('县农业农村局')
    expect(name('乡村振兴局')).toBe('县农业农村局')
    expect(name('市场监管局（知识产权局）')).toBe('县市场监管局')
    expect(name('知识产权局')).toBe('县市场监管局')
    expect(name('县财政局（牵头）')).toBe('县财政局')
  })

  it.each([
    ['发改局', '县发展改革局'],
    ['县发改委', '县发展改革局'],
    ['人社局', '县人力资源社会保障局'],
    ['住建局', '县住房城乡建设局'],
    ['自资局', '县自然资源局'],
    ['国土局', '县自然资源局'],
    ['环保局', '市生态环境局惠来分局'],
    ['生态环境局', '市生态环境局惠来分局'],
    ['农业局', '县农业农村局'],
    ['文广旅体局', '县文广旅游体育局'],
    ['文广新局', '县文广旅游体育局'],
    ['卫健局', '县卫生健康局'],
    ['卫计局', '县卫生健康局'],
    ['县卫健委', '县卫生健康局'],
    ['市监局', '县市场监管局'],
    ['县市场监督管理局', '县市场监管局'],
    ['应急局', '县应急管理局'],
    ['安监局', '县应急管理局'],
    ['政数局', '县政务服务数据管理局'],
    ['数据局', '县政务服务数据管理局'],
    ['国资中心', '县国有资产管理中心'],
    ['国资局', '县国有资产管理中心'],
    ['工信局', '县工业和信息化局'],
    ['交通局', '县交通运输局'],
    ['水务局', '县水利局'],
    ['退役军人局', '县退役军人事务局'],
    ['人防办', '县人防办'],
    ['县府办', '县政府办公室'],
    ['府办', '县政府办公室'],
    ['政府办', '县政府办公室'],
    ['组织部', '县委组织部'],
    ['税务局', '县税务局'],
    ['惠来供电局', '惠来供电局'],
    ['供电局', '惠来供电局'],
  ])('abbreviation %s -> %s', (raw, expected) => {
    expect(name(raw)).toBe(expected)
  })

  it('normalises brackets and spaces and never throws on odd input', () => {
    expect(name(' 县 司法局 ')).toBe('县司法局')
    expect(name('县农业农村局【县乡村振兴局】')).toBe('县农业农村局')
    expect(name('各镇人民政府(场)')).toBe('各镇人民政府（场）')
    expect(name('县司法局\u200b')).toBe('县司法局')
    for (const odd of ['', '   ', '😀', '（）', '(((', '县', '局', '、、', 'x'.repeat(5000), null, undefined, 42]) {
      expect(huilai.resolve(odd as unknown as string)).toBeNull()
    }
  })
})

describe('resolve in other directories', () => {
  it('a district (区) with 街道', () => {
    const d = tianhe()
    expect(name('发改局', d)).toBe('区发展和改革局')
    expect(name('区发展改革局', d)).toBe('区发展和改革局')
    expect(name('天河区发展和改革局', d)).toBe('区发展和改革局')
    expect(name('文广旅体局', d)).toBe('区文化广电旅游体育局')
    expect(name('城管局', d)).toBe('区城市管理和综合执法局')
    expect(name('市监局', d)).toBe('区市场监督管理局')
    expect(name('市场监管局', d)).toBe('区市场监督管理局')
    expect(name('卫健局', d)).toBe('区卫生健康局')
    expect(name('宣传部', d)).toBe('区委宣传部')
    expect(name('五山街道办事处', d)).toBe('五山街道')
    expect(name('石牌街道办', d)).toBe('石牌街道')
    expect(name('区府办', d)).toBe('区政府办公室')
    expect(d.resolve('各街道')).toEqual({ type: 'group', name: '各街道办事处' })
    expect(d.resolve('县发改局')).toBeNull()
  })

  it('a county-level city (市) keeps 市场/市政 words apart from its prefix', () => {
    const d = puning()
    expect(name('市场监管局', d)).toBe('市市场监督管理局')
    expect(name('市市场监管局', d)).toBe('市市场监督管理局')
    expect(name('普宁市市场监督管理局', d)).toBe('市市场监督管理局')
    expect(name('知识产权局', d)).toBe('市市场监督管理局')
    expect(name('市政府办公室', d)).toBe('市政府办公室')
    expect(name('政府办', d)).toBe('市政府办公室')
    expect(name('市府办', d)).toBe('市政府办公室')
    expect(name('政数局', d)).toBe('市政务服务数据管理局')
    expect(name('住建局', d)).toBe('市住房和城乡建设局')
    expect(name('水利局', d)).toBe('市水务局')
    expect(name('城管局', d)).toBe('市城市管理和综合执法局')
    expect(name('环保局', d)).toBe('揭阳市生态环境局普宁分局')
    expect(name('流沙东街道办事处', d)).toBe('流沙东街道')
    expect(d.resolve('县农业农村局')).toBeNull()
  })

  it('an autonomous county strips its short name (连南)', () => {
    const d = lianan()
    expect(name('连南瑶族自治县自然资源局', d)).toBe('县自然资源局')
    expect(name('连南供电局', d)).toBe('连南供电局')
    expect(name('科技局', d)).toBe('县科学技术局')
    expect(name('人社局', d)).toBe('县人力资源和社会保障局')
  })
})

describe('resolveList', () => {
  it('keeps order, drops duplicates, and lets the first item set another level for bare items', () => {
    const r = huilai.resolveList(['县发改局', '发展改革局', '公安局', '县公安局', '各镇', '各镇人民政府（场）'])
    expect(r.resolved.map((x) => x.name)).toEqual(['县发展改革局', '县公安局', '各镇人民政府（场）'])
    const city = huilai.resolveList(['市发改局', '财政局'])
    expect(city.newUnits.map((u) => u.name)).toEqual(['市发改局', '市财政局'])
    // A city agency's local branch first does not turn the list into a city list.
    const branch = huilai.resolveList(['市生态环境局惠来分局', '自然资源局'])
    expect(branch.resolved.map((x) => x.name)).toEqual(['市生态环境局惠来分局', '县自然资源局'])
    expect(branch.newUnits).toEqual([])
    // 市监局 abbreviates 市场监管局: it is not a city-level name.
    const abbrev = huilai.resolveList(['市监局', '财政局'])
    expect(abbrev.resolved.map((x) => x.name)).toEqual(['县市场监管局', '县财政局'])
  })

  it('turns unknown names into new units with the prefix and a guessed kind, deduplicated', () => {
    const r = huilai.resolveList(['县林业局', '林业局', '惠来县医疗保障局', '宣传部', '县妇联', '团县委', '揭阳市公路事务中心', '隆江镇', '新华镇', '县城投公司'])
    expect(r.newUnits).toEqual([
      { name: '县林业局', kind: 'dept', aliases: [] },
      { name: '县医疗保障局', kind: 'dept', aliases: [] },
      { name: '县委宣传部', kind: 'party', aliases: [] },
      { name: '县妇联', kind: 'other', aliases: [] },
      { name: '团县委', kind: 'other', aliases: [] },
      { name: '揭阳市公路事务中心', kind: 'vertical', aliases: [] },
      { name: '新华镇', kind: 'town', aliases: [] },
      { name: '县城投公司', kind: 'enterprise', aliases: [] },
    ])
    expect(r.resolved.map((x) => [x.name, x.type === 'unit' && x.isNew])).toEqual([
      ['县林业局', true],
      ['县医疗保障局', true],
      ['县委宣传部', true],
      ['县妇联', true],
      ['团县委', true],
      ['揭阳市公路事务中心', true],
      ['隆江镇', false],
      ['新华镇', true],
      ['县城投公司', true],
    ])
  })

  it('a new directory built withUnits resolves the new units, abbreviations included', () => {
    const r = huilai.resolveList(['县医疗保障局', '县林业局'])
    const d2 = huilai.withUnits(r.newUnits)
    expect(name('医保局', d2)).toBe('县医疗保障局')
    expect(d2.kindOf('县林业局')).toBe('dept')
    expect(d2.groupsOf('县林业局')).toEqual(['县政府各部门'])
    expect(huilai.kindOf('县林业局')).toBeNull()
    expect(d2.resolveList(['县林业局']).newUnits).toEqual([])
  })

  it('learns the bracket name of a merged agency the directory lacked', () => {
    const d = lianan()
    expect(d.resolve('县商务局')).toBeNull()
    const r = d.resolveList(['县工业和信息化局（县商务局）', '商务局', '农业农村局（乡村振兴局）', '乡村振兴局'])
    expect(r.resolved.map((x) => x.name)).toEqual(['县工业和信息化局', '县农业农村局'])
    expect(r.newUnits).toEqual([])
    expect(r.aliasesAdded).toEqual([
      { unit: '县工业和信息化局', alias: '县商务局' },
      { unit: '县农业农村局', alias: '县乡村振兴局' },
    ])
    const d2 = d.withUnits([{ name: '县工业和信息化局', kind: 'dept', aliases: ['县商务局'] }])
    expect(name('商务局', d2)).toBe('县工业和信息化局')
    expect(d2.data.units.filter((u) => u.name === '县工业和信息化局')).toHaveLength(1)
  })

  it('creates a new merged unit with its bracket name as alias', () => {
    const r = lianan().resolveList(['县林业局（县绿化委员会办公室）', '县绿化委员会办公室'])
    expect(r.newUnits).toEqual([{ name: '县林业局', kind: 'dept', aliases: ['县绿化委员会办公室'] }])
    expect(r.resolved).toEqual([{ type: 'unit', name: '县林业局', kind: 'dept', isNew: true }])
  })

  it('skips empty and garbage entries', () => {
    expect(huilai.resolveList(['', '  ', '😀', '县司法局']).resolved.map((x) => x.name)).toEqual(['县司法局'])
    expect(huilai.resolveList([])).toEqual({ resolved: [], newUnits: [], aliasesAdded: [] })
  })
})

describe('groups and roles', () => {
  it('县政府各部门 holds the dept and vertical units', () => {
    const members = huilai.membersOfGroup('县政府各部门')
    expect(members).toContain('县司法局')
    expect(members).toContain('县税务局')
    expect(members).toContain('市生态环境局惠来分局')
    expect(members).not.toContain('惠来供电局')
    expect(members).not.toContain('县委组织部')
    expect(members).not.toContain('惠城镇')
    expect(members).toHaveLength(27)
    expect(huilai.membersOfGroup('县直各单位')).toEqual(members)
  })

  it('各镇人民政府（场） holds the towns and the farm', () => {
    const members = huilai.membersOfGroup('各镇人民政府（场）')
    expect(members).toHaveLength(16)
    expect(members).toContain('葵潭农场')
    expect(members).toContain('侨园镇')
    expect(members).not.toContain('县司法局')
    expect(huilai.membersOfGroup('各镇')).toEqual(members)
    expect(huilai.membersOfGroup('不存在的组')).toEqual([])
  })

  it('groupsOf and rolesOf follow the kind and the role scope', () => {
    expect(huilai.groupsOf('县司法局')).toEqual(['县政府各部门'])
    expect(huilai.groupsOf('司法局')).toEqual(['县政府各部门'])
    expect(huilai.groupsOf('葵潭农场')).toEqual(['各镇人民政府（场）'])
    expect(huilai.groupsOf('惠来供电局')).toEqual([])
    expect(huilai.rolesOf('县税务局')).toEqual([
      '县政府规范性文件起草单位',
      '县政府部门规范性文件制作单位',
      '县级政策文件制作单位',
      '县级重大行政决策承办单位',
      '县级政务新媒体责任单位',
    ])
    expect(huilai.rolesOf('惠城镇')).toEqual([])
    expect(huilai.rolesOf('县委组织部')).toEqual([])
    expect(tianhe().rolesOf('区发改局')).toEqual(['区政务新媒体主办单位'])
  })

  it('kindOf takes canonical names only', () => {
    expect(huilai.kindOf('县税务局')).toBe('vertical')
    expect(huilai.kindOf('葵潭农场')).toBe('farm')
    expect(huilai.kindOf('税务局')).toBeNull()
    expect(huilai.kindOf('县政府各部门')).toBeNull()
  })
})

describe('suggest', () => {
  it.each([
    ['司法厅', '县司法局'],
    ['县司发局', '县司法局'],
    ['住键局', '县住房城乡建设局'],
    ['发该局', '县发展改革局'],
    ['人设局', '县人力资源社会保障局'],
    ['县公按局', '县公安局'],
    ['县住房城乡建没局', '县住房城乡建设局'],
    ['惠诚镇', '惠城镇'],
    ['县卫生建康局', '县卫生健康局'],
  ])('%s -> %s first', (raw, expected) => {
    expect(huilai.suggest(raw)[0]).toBe(expected)
  })

  it('respects the limit and gives nothing for unrelated text', () => {
    expect([...huilai.suggest('葵潭场', 2)].sort()).toEqual(['葵潭农场', '葵潭镇'].sort())
    expect(huilai.suggest('葵潭场', 1)).toHaveLength(1)
    expect(huilai.suggest('天气预报')).toEqual([])
    expect(huilai.suggest('')).toEqual([])
    expect(huilai.suggest('司法厅', 0)).toEqual([])
  })

  it('skips only queries too long to be a near miss of any spelling', () => {
    // Sound: a query tooLongToBeClose for spellings up to `longest` is no near miss of any of them.
    const text = (max: number) => fc.array(fc.constantFrom('县', '司', '法', '局', '财', '政', 'x'), { minLength: 1, maxLength: max }).map((a) => a.join(''))
    fc.assert(
      fc.property(text(30), text(12), fc.integer({ min: 0, max: 6 }), (q, s, extra) => {
        const longest = [...s].length + extra
        if (!tooLongToBeClose([...q].length, longest)) return
        const len = Math.max([...q].length, [...s].length)
        const d = editDistance(q, s)
        expect(d <= Math.max(1, Math.floor(len / 3)) || sharedChars(q, s) / len >= 0.75).toBe(false)
      }),
      { seed: 7, numRuns: 3_000 },
    )
    // Tight enough: two extra characters on a four-character name are still a near miss.
    expect(huilai.suggest('县司法局xx')).toContain('县司法局')
    expect(huilai.suggest('县司法局'.repeat(25_000))).toEqual([])
  })
})

describe('findInText', () => {
  it.each([
    ['发改局有哪些任务', '县发展改革局'],
    ['我是人社局联络员', '县人力资源社会保障局'],
    ['绑定 县司法局', '县司法局'],
    ['@督办助手 惠来县住房和城乡建设局负责什么', '县住房城乡建设局'],
    ['环保局那边进度怎么样', '市生态环境局惠来分局'],
    ['市场监管局（知识产权局）的任务', '县市场监管局'],
    ['县商务局有哪些任务', '县工业和信息化局'],
    ['葵潭农场还有几项没完成', '葵潭农场'],
    ['帮我查一下县府办的任务', '县政府办公室'],
    ['市监局第12项完成了吗', '县市场监管局'],
  ])('%s -> %s', (text, expected) => {
    expect(huilai.findInText(text)?.name).toBe(expected)
  })

  it('finds groups and roles, prefers the longest name, and refuses other levels', () => {
    expect(huilai.findInText('县政府各部门都要报')).toEqual({ type: 'group', name: '县政府各部门' })
    expect(huilai.findInText('县级政务新媒体责任单位有哪些任务')).toEqual({ type: 'role', name: '县级政务新媒体责任单位' })
    expect(huilai.findInText('市生态环境局惠来分局')?.name).toBe('市生态环境局惠来分局')
    expect(huilai.findInText('市司法局有哪些任务')).toBeNull()
    expect(huilai.findInText('第五十七项谁负责')).toBeNull()
    expect(huilai.findInText('')).toBeNull()
    expect(huilai.findInText('🙂🙂🙂')).toBeNull()
    expect(tianhe().findInText('石牌街道的任务')?.name).toBe('石牌街道')
    expect(puning().findInText('市场监管局有什么任务')?.name).toBe('市市场监督管理局')
  })

  it('takes the earliest of equally long names, skips another level\'s and reads the first 2,000 characters', () => {
    expect(huilai.findInText('县财政局和县审计局')?.name).toBe('县财政局')
    expect(huilai.findInText('县审计局和县财政局')?.name).toBe('县审计局')
    expect(huilai.findInText('市司法局、县司法局')?.name).toBe('县司法局')
    expect(huilai.findInText('x'.repeat(1_996) + '县财政局')?.name).toBe('县财政局')
    expect(huilai.findInText('x'.repeat(2_000) + '县财政局')).toBeNull()
    expect(huilai.findInText('县'.repeat(100_000))).toBeNull()
    expect(huilai.findInText('县财政局'.repeat(25_000))?.name).toBe('县财政局')
  })
})
