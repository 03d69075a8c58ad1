// A hand-written progress line on stderr: step, done/total, rows per second, ETA.
// On a terminal it redraws in place; elsewhere (CI logs, tests) it prints one line per finished task.

export type ProgressTask = { tick(n?: number): void; done(): void }
export type Progress = { start(label: string, total: number): ProgressTask }

const BAR_WIDTH = 24

function formatDuration(seconds: number) {
  if (!Number.isFinite(seconds)) return '--:--'
  const s = Math.max(0, Math.round(seconds))
  const m = Math.floor(s / 60)
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

export function formatRate(perSecond: number) {
  if (perSecond >= 10_000) return `${Math.round(perSecond / 1000)}k/s`
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k/s`
  return `${Math.round(perSecond)}/s`
}

export const silentProgress: Progress = { start: () => ({ tick() {}, done() {} }) }

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY)
  return {
    start(label, total) {
      const started = performance.now()
      let done = 0
      let lastDraw = 0
      const line = (final: boolean) => {
        const elapsed = (performance.now() - started) / 1000
        const rate = elapsed > 0 ? done / elapsed : 0
        const ratio = total > 0 ? Math.min(1, done / total) : 1
        const filled = Math.round(ratio * BAR_WIDTH)
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`
        const tail = final
          ? `in ${formatDuration(elapsed)}`
          : `ETA ${formatDuration(rate > 0 ? (total - done) / rate : Infinity)}`
        return `${label.padEnd(22)} ${bar} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${formatRate(rate)} ${tail}`
      }
      return {
        tick(n = 1) {
          done += n
          const now = performance.now()
          if (tty && now - lastDraw > 100) {
            lastDraw = now
            stream.write(`\r${line(false)}\x1b[K`)
          }
        },
        done() {
          stream.write(tty ? `\r${line(true)}\x1b[K\n` : `${line(true)}\n`)
        },
      }
    },
  }
}
