/** 网页台账: an admin asks for a link to the web 台账. */
import type { Recogniser } from '../types.js'

export type WebIntent = { type: 'web_link' }

const WEB_LINK = /^(?:打开|查看|发我|给我|发一下)?(?:网页|网页版|在线)(?:版)?台账(?:链接|地址)?$|^台账(?:网页|链接|网址)$/

export const recogniseWebLink: Recogniser = ({ compact }) => (WEB_LINK.test(compact) ? { type: 'web_link' } : null)
