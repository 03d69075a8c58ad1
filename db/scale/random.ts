// A seeded PRNG so the same --seed always produces the same rows (ids included): benchmark runs
// stay comparable and a bug found at scale can be reproduced.

/** mulberry32: tiny, fast, good enough for synthetic data (not for secrets). */
export function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a, to derive an independent stream per step from the seed and the step's name. */
export function hashString(text: string) {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export type Rng = ReturnType<typeof createRng>

export function createRng(seed: number, stream = '') {
  const next = mulberry32((seed ^ hashString(stream)) >>> 0)
  const rng = {
    next,
    /** Integer in [min, max], both ends included. */
    int(min: number, max: number) {
      return min + Math.floor(next() * (max - min + 1))
    },
    chance(p: number) {
      return next() < p
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    /** Index into `weights`, chosen with probability proportional to the weight. */
    weightedIndex(weights: readonly number[], total = weights.reduce((a, b) => a + b, 0)) {
      let r = next() * total
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!
        if (r < 0) return i
      }
      return weights.length - 1
    },
    /** `k` distinct items (all of them if k ≥ length), in random order. */
    sample<T>(items: readonly T[], k: number): T[] {
      const copy = [...items]
      const n = Math.min(k, copy.length)
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(next() * (copy.length - i))
        ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
      }
      return copy.slice(0, n)
    },
    /** Roughly log-normal positive weights: most near 1, a few several times larger. */
    spread(sigma = 0.6) {
      const u = Math.max(next(), 1e-9)
      const v = next()
      const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
      return Math.exp(sigma * normal)
    },
    /** A v4-shaped UUID from the stream, so ids are known before insert and repeat with the seed. */
    uuid() {
      const hex: string[] = []
      for (let i = 0; i < 4; i++) hex.push(((next() * 4294967296) >>> 0).toString(16).padStart(8, '0'))
      const s = hex.join('')
      const variant = ((parseInt(s[16]!, 16) & 0x3) | 0x8).toString(16)
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`
    },
  }
  return rng
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder),
 * giving every part at least `min` when the total allows it.
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length
  const floor = total >= min * n ? min : 0
  const rest = total - floor * n
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * rest : rest / n))
  const parts = exact.map((x) => Math.floor(x))
  let left = rest - parts.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]!.i]! += 1
  return parts.map((p) => p + floor)
}
