import type { UnitKind } from './model.js'
import { normText, splitBrackets } from './normalize.js'

// Checked in order: the first rule that matches wins, so specific names (供电局, 税务局) come
// before the generic "ends with 局" rule.
const TOWN = /(镇|乡|街道|(?<=..)街|苏木)(人民政府|政府|办事处|办)?$/
const FARM = /(农场|管理区|牧场|华侨农场)(管委会|管理委员会)?$/
const MASS = /^(共青团|团[县区市旗州]委)|团委$|妇联|妇女联合会|残联|残疾人联合会|工商联|工商业联合会|工会|科协|科学技术协会|文联|侨联|红十字会|供销|人大|政协|法院|检察院|人民武装部|人武部|慈善/
const PARTY = /^(中共|中国共产党)|^[^镇乡]{0,8}?[县区市旗州盟]委(?!员会$)|党委|党组|党工委|组织部|宣传部|统战部|统一战线工作部|政法委|纪委|监委|纪律检查委员会|监察委员会|编办|编委办|机构编制委员会|党校|党史|网信办|巡察|直属机关工委|老干部局/
const GRID = /供电局|供电公司|供电所|电网/
const VERTICAL = /税务|气象局|海关|烟草|邮政管理|消防救援|调查队|人民银行|金融监管|银保监|海事|出入境|边检|边防|公积金|水文|盐务|地震局/
/** 国家… / 中国… bodies are vertical, but 中国银行 and 中国移动 are enterprises (checked first). */
const NATIONAL = /^(国家|中国)(?!共产党)/
const ENTERPRISE = /公司|集团|银行|信用社|农商行|农信社|电信|移动|联通|铁塔|有限/
const DEPT = /(局|委|办|中心|室|所|站|队|委员会|办公室)$/

/**
 * A city agency's local branch (市生态环境局惠来分局): /[省市州盟](?!场)[^镇乡]*?(局|委|中心)[^镇乡]*分(局|中心)$/
 * worked out directly, since that regex is cubic in a long name. The 分局/分中心 ending is fixed; the
 * level character must come after the last 镇/乡 before it, and the earliest such one leaves the most
 * room for a 局/委/中心 between it and the ending.
 */
export function isCityBranch(n: string): boolean {
  const end = n.endsWith('分局') ? n.length - 2 : n.endsWith('分中心') ? n.length - 3 : -1
  let level = -1
  for (let i = end - 1; i >= 0 && n[i] !== '镇' && n[i] !== '乡'; i--) {
    if ('省市州盟'.includes(n[i] as string) && n[i + 1] !== '场') level = i
  }
  return level >= 0 && /局|委|中心/.test(n.slice(level + 1, end))
}

/**
 * A development zone or park (经开区, 某某经济开发区, 某某工业园区管委会): a place, like a town, so its
 * name takes no level prefix — 经开区 and 某某经济开发区 are written the same way in every document.
 */
export function isZone(name: string): boolean {
  const n0 = normText(typeof name === 'string' ? name : '')
  const n = splitBrackets(n0).main || n0
  return /(开发区|经开区|高新区|园区|功能区|示范区|合作区|试验区|实验区)(管委会|管理委员会|管理办公室|管委办|党工委)?$/.test(n)
}

/** Best guess of a unit's kind from its name alone, for units the directory does not know yet. */
export function guessUnitKind(name: string): UnitKind {
  const n0 = normText(typeof name === 'string' ? name : '')
  const n = splitBrackets(n0).main || n0
  if (!n) return 'other'
  if (n.startsWith('各')) return 'other'
  if (TOWN.test(n) && !/局|委|办公室/.test(n.replace(TOWN, ''))) return 'town'
  if (FARM.test(n)) return 'farm'
  if (MASS.test(n)) return 'other'
  if (PARTY.test(n)) return 'party'
  if (GRID.test(n)) return 'enterprise'
  if (VERTICAL.test(n) || isCityBranch(n)) return 'vertical'
  if (ENTERPRISE.test(n)) return 'enterprise'
  if (NATIONAL.test(n)) return 'vertical'
  if (DEPT.test(n)) return 'dept'
  return 'other'
}
