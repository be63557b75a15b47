/** Splitting replies into pages that fit one WeChat message. */

/** Packs blocks into pages of at most `limit` characters; a block longer than a page is cut at line ends. */
export function paginate(blocks: string[], limit: number): string[] {
  const pages: string[] = []
  let current = ''
  const push = (piece: string) => {
    if (!current) current = piece
    else if (current.length + 1 + piece.length <= limit) current += '\n' + piece
    else {
      pages.push(current)
      current = piece
    }
  }
  for (const block of blocks) {
    if (block.length <= limit) {
      push(block)
      continue
    }
    for (const line of block.split('\n')) {
      for (let i = 0; i < line.length; i += limit) push(line.slice(i, i + limit))
    }
  }
  if (current) pages.push(current)
  return pages
}

/** 1,2,3,5,10,11 -> 第1—3、5、10、11项 */
export function formatNumbers(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    parts.push(j - i >= 2 ? `${sorted[i]}—${sorted[j]}` : sorted.slice(i, j + 1).join('、'))
    i = j + 1
  }
  return `第${parts.join('、')}项`
}

/** Cuts text to n characters with an ellipsis, for one-line summaries. */
export function clip(text: string, n: number): string {
  const flat = text.replace(/\s+/g, '')
  return flat.length <= n ? flat : flat.slice(0, n) + '…'
}
