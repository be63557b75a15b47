/** The office's views of the ledger: 未反馈, 进度汇总, 导出台账. */
import type { Recogniser } from '../types.js'

export type LedgerViewsIntent = { type: 'summary' } | { type: 'missing' } | { type: 'export' }

const MISSING = /未反馈|没反馈|没有反馈|未报|没报|还没报|没有报|未上报|没上报|未提交|没提交|未填报|没填报|没交|未交|谁还没|哪些单位没|哪些单位还没|哪个单位没|缺报|漏报/
const EXPORT = /^(?:导出|下载|发送|发一下|发我|给我|生成)(?:一下|一份)?(?:本月|本周|最新|当前|全部)?(?:的)?(?:进度|督办|工作)?(?:台账|表格|excel|报表|汇总表|进度表|明细)?(?:excel|表格|文件)?$|^把?(?:进度|督办)?台账(?:导出|下载|发我|发一下|发给我)?(?:一下)?$/i
const SUMMARY =
  /^(?:查看|看看|看下|看一下)?(?:进度|进展)?(?:汇总|统计|总览|概况)(?:一下)?$|^(?:查看|看看|看下|看一下)?(?:目前|现在|当前)?(?=[全所总整])(?:全县|全部|所有)?(?:的)?(?:任务)?(?:的)?(?:总体|整体|总)?(?:的)?(?:任务)?(?:进度|进展|完成情况|落实情况|情况)(?:如何|怎么样|怎样|咋样)?$|^(?:各单位|所有单位|全部单位)(?:的)?(?:进度|进展|完成情况|落实情况|反馈情况|报送情况|填报情况|上报情况)$|^(?:统计|汇总)一下(?:进度|进展|完成情况)?$|^进度(?:情况)?$/

export const recogniseLedgerView: Recogniser = ({ compact }) => {
  if (MISSING.test(compact) && compact.length <= 20) return { type: 'missing' }
  if (EXPORT.test(compact) && !/^(?:发送|发一下|发我|给我|生成)$/.test(compact)) return { type: 'export' }
  if (SUMMARY.test(compact)) return { type: 'summary' }
  return null
}
