/**
 * Wrong tries at the one-time admin claim code: a six-digit code guessed at chat speed (hundreds a
 * second) falls in minutes, so each contact gets a few tries per window and everyone together a few
 * dozen; past that every try, right or wrong, waits until the window has passed.
 */
export interface ClaimThrottleLimits {
  perContact: number
  overall: number
  windowMs: number
}

export const CLAIM_LIMITS: ClaimThrottleLimits = { perContact: 3, overall: 20, windowMs: 10 * 60_000 }

export interface ClaimThrottle {
  /** Milliseconds this contact must still wait before trying; 0 when it may try now. */
  waitMs(contactId: string, now: Date): number
  failed(contactId: string, now: Date): void
}

export function createClaimThrottle(limits: ClaimThrottleLimits = CLAIM_LIMITS): ClaimThrottle {
  const failures: { contactId: string; at: number }[] = []
  const recent = (now: number) => {
    while (failures.length && failures[0]!.at <= now - limits.windowMs) failures.shift()
    return failures
  }
  /** When the oldest of the last `limit` failures leaves the window. */
  const until = (list: { at: number }[], limit: number) => (list.length >= limit ? list[list.length - limit]!.at + limits.windowMs : 0)
  return {
    waitMs(contactId, now) {
      const t = now.getTime()
      const all = recent(t)
      const mine = all.filter((f) => f.contactId === contactId)
      return Math.max(0, until(mine, limits.perContact) - t, until(all, limits.overall) - t)
    },
    failed(contactId, now) {
      recent(now.getTime()).push({ contactId, at: now.getTime() })
      // Bounded: only the last `overall` failures can ever matter.
      if (failures.length > limits.overall * 2) failures.splice(0, failures.length - limits.overall * 2)
    },
  }
}
