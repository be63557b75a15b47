/**
 * The web 台账's access tokens: `{officeId, expiresAt}` signed with HMAC-SHA256 by a secret kept
 * under DATA_DIR (made once, mode 600), so a link works across restarts until it expires.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface TokenClaims {
  officeId: number
  /** ms since the epoch */
  expiresAt: number
}

export const SECRET_FILE = 'web-secret'

/** The secret, created at first use; an existing one is kept (links already sent stay valid). */
export async function loadWebSecret(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, SECRET_FILE)
  const existing = await readFile(path, 'utf8').catch(() => null)
  if (existing && existing.trim().length >= 64) return Buffer.from(existing.trim(), 'hex')
  await mkdir(dataDir, { recursive: true })
  const secret = randomBytes(32)
  // 'wx': two processes starting at once do not overwrite each other's secret.
  await writeFile(path, secret.toString('hex'), { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err
  })
  await chmod(path, 0o600)
  return Buffer.from((await readFile(path, 'utf8')).trim(), 'hex')
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url')
const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest()

export function signToken(secret: Buffer, claims: TokenClaims): string {
  const body = b64(JSON.stringify({ o: claims.officeId, e: claims.expiresAt }))
  return `${body}.${b64(sign(secret, body))}`
}

/** The claims of a well-signed, unexpired token; null for anything else. */
export function verifyToken(secret: Buffer, token: string, now: number): TokenClaims | null {
  const [body, mac, extra] = token.split('.')
  if (!body || !mac || extra !== undefined) return null
  const given = Buffer.from(mac, 'base64url')
  const wanted = sign(secret, body)
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return null
  try {
    const { o, e } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { o: unknown; e: unknown }
    if (typeof o !== 'number' || typeof e !== 'number' || e <= now) return null
    return { officeId: o, expiresAt: e }
  } catch {
    return null
  }
}
