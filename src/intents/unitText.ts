/**
 * Whether a raw string reads like a unit name (县司法局, 人社局, 葵潭镇, 县政府办公室). Only a shape
 * check for telling "发改局有哪些任务" from "疫情有哪些任务"; src/units resolves the actual name.
 */

/** Endings of Chinese government unit names, longest first where one is a suffix of another. */
const UNIT_SUFFIX =
  /(?:局|办|办公室|委|委员会|联合会|工会|商会|协会|红十字会|管委会|院|研究所|派出所|司法所|财政所|中心|服务站|管理站|工作站|站|部|大队|支队|中队|执法队|消防队|镇|乡|街道|农场|林场|馆|社|银行|分行|支行|公司|集团|署|厅|监狱|政府|党校|学校|中学|小学|电视台|领导小组|工作组|分局|海关|妇联|科协|侨联|残联|工商联|文联|团县委|县委|气象|税务|供电)$/
/** Words that end like a unit but are not one (网站, 城乡, 举办, 全部, 市场, 数字政府). */
const NOT_UNIT = /(?:网站|城乡|(?:数字|法治|服务型|廉洁|透明|诚信|阳光|智慧|网上|人民满意的?)政府|[举承主协代开创督包查兴试合筹]办|^[全内外局各每]部|干部|场所|住所|厕所|市场|广场)$/

export function looksLikeUnit(raw: string): boolean {
  const s = raw.trim()
  if (s.length < 2 || s.length > 24) return false
  if (/[\s，,。；;！!？?：:]/.test(s)) return false
  if (/^(?:我|我们|本|咱|你|你们|他|她|他们|这|那|哪|谁|什么|各|所有|全部|大家)/.test(s)) return false
  if (NOT_UNIT.test(s)) return false
  return UNIT_SUFFIX.test(s)
}
