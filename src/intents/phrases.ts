/**
 * Conversational wrapping shared by the intent grammar and the report reader: greetings that open a
 * message (各位领导好！) and questions (第5项完成了吗, 是否需要报送纸质材料？).
 */
import { WordList } from './words.js'

/**
 * Question marks, sentence-final particles and interrogative words. Not questions: 谁主管谁负责 (a
 * slogan in notes), 没什么进展 (a report), 完成了几个点位 (几 as "a few").
 */
const QUESTION =
  /[?？]|[吗么呢嘛]$|没有?$|了没|是否|是不是|有没有|能不能|可不可以|要不要|需不需要|能否|可否|(?<!谁[\u4e00-\u9fa5]{0,3})谁(?![\u4e00-\u9fa5]{1,3}谁)|(?<!没|没有|不)(?:什么|啥)|哪些|哪个|哪几|多少|如何|怎么|怎样|咋|(?<![了好这那])几[项个]/

export function isQuestion(s: string): boolean {
  return QUESTION.test(s.trim())
}

/**
 * Greetings and forms of address before the message proper: 领导好, 各位领导好！, 大家好, 张主任好,
 * 各位领导： (address followed by punctuation). 各位： alone is left: 各位：请… opens a notice.
 */
const GREETING = new RegExp(
  '^(?:' +
    '(?:(?:尊敬的)?各位(?:领导|同事|同志|老师|联络员|同仁)?|领导|老师|大家|[\\u4e00-\\u9fa5]{1,3}(?:主任|科长|局长|书记|县长|部长|股长|老师))们?' +
    '(?:好|早上好|上午好|下午好|晚上好|早)(?![的了啊吧])' +
    '|(?:(?:尊敬的)?各位领导|领导|[\\u4e00-\\u9fa5]{1,3}(?:主任|科长|局长|书记|县长|部长|股长))(?=[,，:：!！])' +
    '|你好|您好' +
    ')[,，:：!！。.~～\\s]*',
)

export function stripGreeting(s: string): string {
  return s.replace(GREETING, '')
}

/** Thanks and acknowledgements (收到, 好的谢谢, [强]): said to the bot after an answer, they need no reply. */
const ACK_WORDS = new WordList([
  '收到', '好的', '好滴', '好嘞', '好', '谢谢', '谢谢你', '谢谢您', '谢啦', '谢了', '多谢', '感谢', '辛苦了', '辛苦', '明白', '明白了',
  '了解', '了解了', '知道了', '知悉', '嗯', '嗯嗯', 'ok', '好的呢', '啦', '呀',
])

const EMOJI_ONLY = /^(?:\[[\u4e00-\u9fa5A-Za-z]{1,4}\]|\p{Extended_Pictographic}|\uFE0F|\s)+$/u

export function isAcknowledgement(s: string): boolean {
  const t = s
    .replace(/\[[\u4e00-\u9fa5A-Za-z]{1,4}\]|\p{Extended_Pictographic}|\uFE0F/gu, '')
    .replace(/@[^\s@\u2005]{1,32}/g, '')
    .replace(/[\s,，.。!！~～、]/g, '')
    .replace(/小助手|督办助手|助手|机器人/g, '') // 谢谢助手; a bare 助手 is not thanks
    .toLowerCase()
  // A message made only of emoji ([强], 👍) counts; an empty one (a bare @) asks for help.
  if (t === '') return EMOJI_ONLY.test(s.trim())
  return ACK_WORDS.isOneOrMoreWords(t)
}
