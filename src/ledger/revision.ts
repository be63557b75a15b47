/**
 * Which task of a revised table is which stored task. Numbers shift when a task is removed or
 * inserted, so tasks are matched by content: the same text first, then similar text (character
 * bigrams) weighed with the units. A matched task keeps its row, and so its reports, under its new
 * number; a stored task nothing matches is retired; a new one is added.
 */
import type { AssignmentRole, Deadline } from '../tasks/model.js'
import type { BookAssignment, FormerUnit, ImportTask, RevisionDiff, TaskRevision } from './ports.js'

/** A stored task of the document, current or retired by an earlier revision. */
export interface StoredTask extends ImportTask {
  id: number
  retired: boolean
}

export interface TaskPair {
  stored: StoredTask
  incoming: ImportTask
  /** 1 for the same text; otherwise the bigram Dice coefficient of the texts. */
  similarity: number
}

export interface RevisionMatch {
  pairs: TaskPair[]
  added: ImportTask[]
  /** Current stored tasks the revision no longer has. */
  retired: StoredTask[]
}

/** Text as compared: width-normalised, without spaces and punctuation. */
export function comparableText(text: string): string {
  return text.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '')
}

function targets(assignments: BookAssignment[]): Set<string> {
  return new Set(assignments.map((a) => `${a.targetType}\u0000${a.target}`))
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1
  let shared = 0
  for (const x of a) if (b.has(x)) shared++
  return shared / (a.size + b.size - shared)
}

/**
 * The similarity a pair needs, by how far its units agree: a reworded task with the same units is
 * the same task at 0.5; with other units the wording must be nearly the same.
 */
function threshold(units: number): number {
  return units === 1 ? 0.5 : units >= 0.5 ? 0.65 : 0.8
}

export function matchRevision(stored: StoredTask[], incoming: ImportTask[]): RevisionMatch {
  const pairs: TaskPair[] = []
  const storedText = stored.map((s) => comparableText(s.text))
  const incomingText = incoming.map((t) => comparableText(t.text))
  const storedUnits = stored.map((s) => targets(s.assignments))
  const incomingUnits = incoming.map((t) => targets(t.assignments))
  const storedTaken = new Array<boolean>(stored.length).fill(false)
  const incomingTaken = new Array<boolean>(incoming.length).fill(false)

  // 1. The same text: the best candidate is current, at the same number, with the same units.
  const byText = new Map<string, number[]>()
  stored.forEach((_, i) => {
    const list = byText.get(storedText[i]!)
    if (list) list.push(i)
    else byText.set(storedText[i]!, [i])
  })
  incoming.forEach((t, j) => {
    const candidates = byText.get(incomingText[j]!)?.filter((i) => !storedTaken[i])
    if (!candidates?.length) return
    const rank = (i: number) =>
      (stored[i]!.retired ? 4 : 0) + (stored[i]!.number === t.number ? 0 : 2) + (jaccard(storedUnits[i]!, incomingUnits[j]!) === 1 ? 0 : 1)
    const best = candidates.reduce((a, b) => (rank(b) < rank(a) || (rank(b) === rank(a) && Math.abs(stored[b]!.number - t.number) < Math.abs(stored[a]!.number - t.number)) ? b : a))
    storedTaken[best] = incomingTaken[j] = true
    pairs.push({ stored: stored[best]!, incoming: t, similarity: 1 })
  })

  // 2. Similar text among the rest: bigram sets, candidates found through an inverted index.
  const restStored = stored.flatMap((_, i) => (storedTaken[i] ? [] : [i]))
  const restIncoming = incoming.flatMap((_, j) => (incomingTaken[j] ? [] : [j]))
  if (restStored.length && restIncoming.length) {
    const ids = new Map<string, number>()
    const bigrams = (s: string): number[] => {
      const chars = [...s]
      const grams = chars.length < 2 ? chars : chars.slice(1).map((c, k) => chars[k]! + c)
      const out = new Set<number>()
      for (const g of grams) {
        let id = ids.get(g)
        if (id === undefined) ids.set(g, (id = ids.size))
        out.add(id)
      }
      return [...out]
    }
    const storedGrams = new Map(restStored.map((i) => [i, bigrams(storedText[i]!)]))
    const postings = new Map<number, number[]>()
    for (const [i, grams] of storedGrams) {
      for (const g of grams) {
        const list = postings.get(g)
        if (list) list.push(i)
        else postings.set(g, [i])
      }
    }
    const candidates: { i: number; j: number; similarity: number; score: number }[] = []
    const shared = new Map<number, number>()
    for (const j of restIncoming) {
      const grams = bigrams(incomingText[j]!)
      shared.clear()
      for (const g of grams) for (const i of postings.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1)
      for (const [i, n] of shared) {
        const similarity = (2 * n) / (grams.length + storedGrams.get(i)!.length)
        const units = jaccard(storedUnits[i]!, incomingUnits[j]!)
        if (similarity < threshold(units)) continue
        // Units and the number only break near ties; a retired task yields to a current one.
        const score = similarity + 0.1 * units + (stored[i]!.number === incoming[j]!.number ? 0.05 : 0) - (stored[i]!.retired ? 0.02 : 0)
        candidates.push({ i, j, similarity, score })
      }
    }
    candidates.sort((a, b) => b.score - a.score)
    for (const c of candidates) {
      if (storedTaken[c.i] || incomingTaken[c.j]) continue
      storedTaken[c.i] = incomingTaken[c.j] = true
      pairs.push({ stored: stored[c.i]!, incoming: incoming[c.j]!, similarity: c.similarity })
    }
  }

  pairs.sort((a, b) => a.incoming.number - b.incoming.number)
  return {
    pairs,
    added: incoming.filter((_, j) => !incomingTaken[j]),
    retired: stored.filter((s, i) => !storedTaken[i] && !s.retired),
  }
}

export interface DiffContext {
  document: RevisionDiff['document']
  documentName: string
  /** Units with a current report, per stored task id. */
  reporters: Map<number, string[]>
  /** The concrete units a task's assignments name (groups expanded), with their strongest role. */
  unitsOf(assignments: BookAssignment[]): Map<string, AssignmentRole>
}

const sameDeadline = (a: Deadline, b: Deadline) =>
  a.kind === b.kind && (a.text ?? null) === (b.text ?? null) && (a.date ?? null) === (b.date ?? null) && (a.every ?? null) === (b.every ?? null)

const assignmentKeys = (list: BookAssignment[]) => list.map((a) => `${a.role}\u0000${a.targetType}\u0000${a.target}`).sort().join('\u0001')

/** What the matched revision changes, and whether it moves or drops anything already reported. */
export function diffRevision(match: RevisionMatch, ctx: DiffContext): RevisionDiff {
  const changed: TaskRevision[] = []
  let unchanged = 0
  for (const { stored, incoming } of match.pairs) {
    const textChanged = stored.text !== incoming.text
    const before = new Set(stored.assignments.map((a) => a.target))
    const after = new Set(incoming.assignments.map((a) => a.target))
    const assignmentsChanged = assignmentKeys(stored.assignments) !== assignmentKeys(incoming.assignments)
    const deadlineChanged = !sameDeadline(stored.deadline, incoming.deadline)
    if (!stored.retired && stored.number === incoming.number && !textChanged && !assignmentsChanged && !deadlineChanged) {
      unchanged++
      continue
    }
    const reporters = ctx.reporters.get(stored.id) ?? []
    let droppedReporters: FormerUnit[] = []
    if (assignmentsChanged && reporters.length) {
      const was = ctx.unitsOf(stored.assignments)
      const now = ctx.unitsOf(incoming.assignments)
      droppedReporters = reporters.filter((u) => was.has(u) && !now.has(u)).map((u) => ({ unit: u, role: was.get(u)! }))
    }
    changed.push({
      taskId: stored.id,
      number: incoming.number,
      previousNumber: stored.number,
      text: incoming.text,
      previousText: textChanged ? stored.text : null,
      unitsAdded: [...after].filter((u) => !before.has(u)),
      unitsRemoved: [...before].filter((u) => !after.has(u)),
      deadlineChanged,
      reported: reporters.length,
      droppedReporters,
    })
  }
  const removed = match.retired.map((s) => ({ taskId: s.id, number: s.number, text: s.text, reported: ctx.reporters.get(s.id)?.length ?? 0 }))
  return {
    document: ctx.document,
    documentName: ctx.documentName,
    added: match.added.map((t) => ({ number: t.number, text: t.text })),
    removed,
    changed,
    unchanged,
    needsConfirmation:
      removed.some((r) => r.reported > 0) ||
      changed.some((c) => (c.reported > 0 && c.number !== c.previousNumber) || c.droppedReporters.length > 0),
  }
}
