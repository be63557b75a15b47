/**
 * Texts made of words from a fixed list: "目前均已", "请查收" (filler), "谁负责时限" (detail words).
 * A regular expression such as /^(?:已|已经|经)+$/ backtracks through every way of cutting the text
 * into words before it fails: exponential in the text (a 100-character chat message took seconds,
 * a few more characters minutes). Here one pass from the end records which suffixes can be cut.
 */
export class WordList {
  private readonly byFirst = new Map<string, string[]>()

  constructor(words: readonly string[]) {
    for (const w of words) {
      if (w === '') throw new Error('WordList: empty word')
      const list = this.byFirst.get(w[0] as string) ?? []
      list.push(w)
      this.byFirst.set(w[0] as string, list)
    }
  }

  /** cut[i]: text.slice(i) is zero or more words. */
  private cuts(text: string): Uint8Array {
    const cut = new Uint8Array(text.length + 1)
    cut[text.length] = 1
    for (let i = text.length - 1; i >= 0; i--) {
      for (const w of this.byFirst.get(text[i] as string) ?? []) {
        if (cut[i + w.length] === 1 && text.startsWith(w, i)) {
          cut[i] = 1
          break
        }
      }
    }
    return cut
  }

  /** /^(?:w1|w2|…)*$/.test(text): the empty text is zero words. */
  isWords(text: string): boolean {
    return this.cuts(text)[0] === 1
  }

  /** /^(?:w1|w2|…)+$/.test(text) */
  isOneOrMoreWords(text: string): boolean {
    return text !== '' && this.isWords(text)
  }

  /** text.replace(/(?:w1|w2|…)+$/, ''): the longest tail made of words is cut off. */
  dropTrailingWords(text: string): string {
    const cut = this.cuts(text)
    for (let i = 0; i < text.length; i++) if (cut[i] === 1) return text.slice(0, i)
    return text
  }
}
