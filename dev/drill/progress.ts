import type { Ledger } from './traffic.ts';

export interface ProgressState {
  startedAt: number;
  database: string;
  stage: string;
  stored?: { clickRows: number; conversionRows: number };
}

export function progressLine(
  state: ProgressState,
  ledger: Ledger,
  totals: { clicks: number; postbacks: number },
): string {
  const seconds = ((Date.now() - state.startedAt) / 1000).toFixed(1).padStart(5);
  const ok = ledger.clicks.filter((c) => c.redirectOk).length;
  const count = (status: number) => ledger.postbacks.filter((p) => p.status === status).length;
  const bad = ledger.postbacks.length - count(200) - count(202);
  const stored = state.stored
    ? `  stored ${state.stored.clickRows} clicks ${state.stored.conversionRows} conversions`
    : '';
  return (
    `[${seconds}s] ${state.stage.padEnd(8)} db ${state.database.padEnd(13)} ` +
    `clicks ${ledger.clicks.length}/${totals.clicks} (${ok} ok)  ` +
    `postbacks ${ledger.postbacks.length}/${totals.postbacks} (${count(200)}x200 ${count(202)}x202${bad ? ` ${bad} bad` : ''})  ` +
    `in flight ${ledger.inFlight}${stored}`
  );
}

// One line rewritten in place on a terminal; a line every few seconds otherwise.
export function startProgress(render: () => string, enabled: boolean): () => void {
  if (!enabled) return () => {};
  const tty = process.stdout.isTTY;
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    if (tty) process.stdout.write(`\r${render()}\x1b[K`);
    else if (ticks % 5 === 0) process.stdout.write(`${render()}\n`);
  }, 1000);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    process.stdout.write(tty ? `\r${render()}\x1b[K\n` : `${render()}\n`);
  };
}
