import type { LoadTick } from './load/plan.ts';

// Progress goes to stderr, so `npm run bench > file` still shows it while it runs.
const started = Date.now();
const live = process.stderr.isTTY === true;

function stamp(): string {
  const s = Math.floor((Date.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function step(message: string): void {
  if (live) process.stderr.write('\r\x1b[K');
  process.stderr.write(`[${stamp()}] ${message}\n`);
}

/** One line that redraws in a terminal, and a line every few seconds in a log. */
export function loadTicker(label: string, totalSeconds: number): (tick: LoadTick) => void {
  return (tick) => {
    const line = `[${stamp()}]   ${label}: ${Math.min(tick.elapsedSeconds, totalSeconds).toFixed(0)}/${totalSeconds}s, ${tick.rps} req/s${tick.measuring ? '' : ' (warmup)'}`;
    if (live) process.stderr.write(`\r\x1b[K${line}`);
    else if (Math.round(tick.elapsedSeconds) % 5 === 0) process.stderr.write(`${line}\n`);
  };
}

export function clearLine(): void {
  if (live) process.stderr.write('\r\x1b[K');
}
