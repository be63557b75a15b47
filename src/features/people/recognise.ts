import { looksLikeUnit } from '../../intents/unitText.js'
import { isQuestion } from '../../intents/phrases.js'
import { AT_NAME } from '../../intents/said.js'
import type { Recogniser } from '../types.js'

export type PeopleIntent =
  /** targetName: an admin binding someone else (绑定 @张三 县财政局). */
  | { type: 'bind'; unit: string; targetName: string | null }
  | { type: 'unbind'; targetName: string | null }
  | { type: 'whoami' }
  | { type: 'claim_admin'; code: string }

/** 管理员认领码 ABCD1234 (the one-time code printed at start-up). */
export const recogniseClaim: Recogniser = ({ c }) => {
  const claim = /^(?:认领|申请|成为|设为|设置|绑定)?管理员(?:口令|验证码|认领码|代码|码)?[:：]?\s*([A-Za-z0-9]{4,16})$/.exec(c.replace(/ (?=[A-Za-z0-9]+$)/, ''))
  return claim ? { type: 'claim_admin', code: claim[1]! } : null
}

const WHOAMI =
  /^(?:我是谁|我是哪个单位的?|我是哪家单位的?|我(?:的)?单位是(?:哪个|什么|啥|哪家)|我(?:现在)?绑定(?:的|了)?(?:是)?(?:哪个|什么|啥|哪家)(?:单位)?|我(?:的)?绑定(?:信息|情况|状态)?|查看绑定|查询绑定|绑定(?:信息|情况|状态)|我绑(?:的|了)(?:哪个|什么|啥)(?:单位)?|我属于哪个单位|我是哪个单位联络员)[?？吗呢]*$/

/** 我是谁, 解绑 (@someone), 绑定 单位 (@someone), 我是人社局联络员. */
export const recogniseIdentity: Recogniser = ({ c, compact, refs }) => {
  if (WHOAMI.test(compact)) return { type: 'whoami' }

  const unbind = /^(?:解绑|解除绑定|取消绑定|解除|退出绑定|删除绑定)\s*(?:@(\S+))?$/.exec(c)
  if (unbind) return { type: 'unbind', targetName: unbind[1] ?? null }
  if (/^我(?:已经)?(?:不是|不再是|不当|不再担任)(?:.+?)?(?:联络员|信息员)了?$/.test(compact)) return { type: 'unbind', targetName: null }

  const bindCmd = /^(?:绑定|绑|绑定单位|设置单位|登记|注册)\s*[:：]?\s*(.*)$/.exec(c)
  // 麻烦登记一下，第11项已报送 names a task: a report, not a unit to bind.
  if (bindCmd && !/^(?:信息|情况|状态)/.test(bindCmd[1]!) && refs.length === 0) {
    let rest = bindCmd[1]!.trim()
    let targetName: string | null = null
    const at = AT_NAME.exec(rest)
    if (at) {
      targetName = at[1]!
      rest = (rest.slice(0, at.index) + ' ' + rest.slice(at.index + at[0].length)).trim()
    }
    const unit = rest.replace(/\s+/g, '').replace(/^(?:到|为|单位)[:：]?/, '').replace(/(?:的)?(?:联络员|信息员)$/, '')
    if (unit !== '') return { type: 'bind', unit, targetName }
  }
  const iam = /^(?:我是|本人是|我系|本人系|我为|我是来自|我来自)(.+?)(?:的)?(?:(联络员|联络人|信息员|督办员|负责人|工作人员)([\u4e00-\u9fa5]{2,4})?)?$/.exec(compact)
  if (iam && !/^谁/.test(iam[1]!)) {
    const unit = iam[1]!.replace(/的$/, '')
    const titled = iam[2] !== undefined
    // 我是县财政局的 / 我是人社局联络员 / 我是发改局联络员张三 (the name is the sender's own).
    if (looksLikeUnit(unit) && (titled || iam[3] === undefined)) return { type: 'bind', unit, targetName: null }
    if (titled && unit.length <= 16 && !isQuestion(unit)) return { type: 'bind', unit, targetName: null }
  }
  const inCharge = /^我(?:负责|担任)(.+?)的?(?:联络员|联络工作|联络)$/.exec(compact)
  if (inCharge) return { type: 'bind', unit: inCharge[1]!, targetName: null }
  return null
}
