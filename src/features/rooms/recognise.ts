import type { Recogniser } from '../types.js'

export type RoomsIntent = { type: 'enable_room' } | { type: 'disable_room' }

const GROUP = '(?:本群|此群|这个群|该群|群聊|本群聊|群|机器人|助手|督办助手|提醒|服务|本群提醒|本群服务)?'
const ENABLE = new RegExp(`^(?:启用|开启|打开|激活|开通)${GROUP}$|^(?:本群|此群)(?:启用|开启|开通)$`)
const DISABLE = new RegExp(`^(?:停用|关闭|禁用|停止|关掉)${GROUP}$|^(?:本群|此群)(?:停用|关闭|禁用)$`)

/** 启用本群 / 停用本群. */
export const recogniseRoomSwitch: Recogniser = ({ compact }) => {
  if (ENABLE.test(compact)) return { type: 'enable_room' }
  if (DISABLE.test(compact)) return { type: 'disable_room' }
  return null
}
