/** Sizes as the office reads them, and the one mebibyte every limit setting (…_MB) is counted in. */
export const MIB = 1024 * 1024

/** A size as the office reads it: 2 MB, 0.5 MB, 12 MB. */
export function megabytes(n: number): string {
  if (n < 100 * 1024) return `${Math.ceil(n / 1024)} KB`
  const mb = n / 1024 / 1024
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`
}
