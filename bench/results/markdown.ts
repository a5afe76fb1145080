import type { BenchResults } from './types.ts';

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const x = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? '–' : `${n.toFixed(2)}×`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function table(head: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function verdict(pass: boolean | null): string {
  return pass === null ? 'not measured' : pass ? '**pass**' : '**FAIL**';
}

/** The short human-readable report written beside results.json. */
export function renderMarkdown(r: BenchResults): string {
  const f = r.flags;
  const out: string[] = [
    '# Benchmark results',
    '',
    `${r.startedAt} · ${r.machine.cpus}× ${r.machine.model} · load average at start ${r.machine.loadAverageAtStart.map((n) => n.toFixed(2)).join(' ')}`,
    '',
    `Runtime: ${r.runtime}. Load: autocannon in its own process, ${f.connections} connections, ${f.warmup} s warmup + ${f.duration} s per run. ` +
      'Ratios compare runs made seconds apart in this same run on a shared 2-core machine; absolute numbers are not portable.',
    '',
    '## Targets',
    '',
    ...table(
      ['target', 'value', 'goal', 'result'],
      r.targets.map((t) => [
        t.name + (t.note ? ` (${t.note})` : ''),
        t.value ?? '–',
        t.target,
        verdict(t.pass),
      ]),
    ),
  ];
  if (r.proxies.length) {
    out.push('', '## Local front doors (no-op worker)', '');
    out.push(
      ...table(
        ['front door', 'req/s', 'p50 ms', 'p99 ms'],
        r.proxies.map((p) => [
          p.mode,
          p.load ? int(p.load.rps) : (p.note ?? '–'),
          p.load ? ms(p.load.p50Ms) : '–',
          p.load ? ms(p.load.p99Ms) : '–',
        ]),
      ),
    );
  }
  if (r.floor.length) {
    out.push('', '## Redirect floor: the bindings alone, no app (same workerd)', '');
    out.push(
      ...table(
        ['what the worker does', 'req/s', 'vs no-op', 'p50 ms'],
        r.floor.map((f) => [f.step, int(f.load.rps), x(f.vsNoop), ms(f.load.p50Ms)]),
      ),
    );
  }
  if (r.paths.length) {
    out.push('', '## Hot paths', '');
    out.push(
      ...table(
        [
          'path',
          'DB latency',
          'req/s',
          'vs no-op',
          'p50 ms',
          'p99 ms',
          'Executes/req',
          'sessions/req',
          'other statuses',
        ],
        r.paths.map((p) => [
          p.scenario,
          `${p.latencyMs} ms`,
          int(p.load.rps),
          x(p.vsNoop?.rps),
          ms(p.load.p50Ms),
          ms(p.load.p99Ms),
          p.executesPerRequest.toFixed(3) +
            (p.persistedPerClick !== undefined
              ? ` (consumer; ${(p.persistedPerClick * 100).toFixed(1)}% persisted)`
              : ''),
          p.sessionsPerRequest.toFixed(3),
          Object.entries(p.load.statuses)
            .filter(([s]) => s !== '200' && s !== '302')
            .map(([s, n]) => `${n}× ${s}`)
            .join(', ') + (p.load.errors ? ` ${p.load.errors} errors` : ''),
        ]),
      ),
    );
  }
  if (r.routing) {
    out.push('', `Redirect with ${r.routing.rules} routing rules vs none, back-to-back pairs:`, '');
    out.push(
      ...table(
        [
          'pair',
          'req/s, no rules',
          `req/s, ${r.routing.rules} rules`,
          'ratio',
          'p50 ms, no rules',
          `p50 ms, ${r.routing.rules} rules`,
        ],
        r.routing.pairs.map((p, i) => [
          i + 1,
          int(p.none.rps),
          int(p.rules.rps),
          x(p.rules.rps / p.none.rps),
          ms(p.none.p50Ms),
          ms(p.rules.p50Ms),
        ]),
      ),
    );
  }
  if (r.distance) {
    const d = r.distance;
    out.push(
      '',
      `Redirect with the database ${d.nearMs} ms vs ${d.farMs} ms away, back-to-back pairs:`,
      '',
    );
    out.push(
      ...table(
        [
          'pair',
          `p50 @ ${d.nearMs} ms`,
          `p50 @ ${d.farMs} ms`,
          `p99 @ ${d.nearMs} ms`,
          `p99 @ ${d.farMs} ms`,
        ],
        d.pairs.map((p, i) => [
          i + 1,
          ms(p.near.p50Ms),
          ms(p.far.p50Ms),
          ms(p.near.p99Ms),
          ms(p.far.p99Ms),
        ]),
      ),
    );
  }
  if (r.postbackProbe.length) {
    out.push(
      '',
      `Postback common path alone (sequential): ${r.postbackProbe.map((p) => `${p.executesPerRequest.toFixed(2)} Executes, ${p.sessionsPerRequest.toFixed(2)} sessions per request`).join('; ')}.`,
    );
  }
  if (r.jsonClickProbe.length) {
    out.push(
      '',
      `JSON click alone (sequential, median per request): ${r.jsonClickProbe.map((p) => `at ${p.latencyMs} ms, ${p.newClickExecutes} Executes for a new click_id, ${p.repeatExecutes} for a repeated one, p50 ${ms(p.newClickP50Ms)} ms`).join('; ')}.`,
    );
  }
  if (r.ingestion.length) {
    out.push('', '## Ingestion (rows persisted per second)', '');
    out.push(
      ...table(
        ['mode', 'DB latency', 'rows/s', 'rows', 'Executes/row', 'p50 per call ms', 'failed calls'],
        r.ingestion.map((i) => [
          i.mode,
          `${i.latencyMs} ms`,
          int(i.rowsPerSecond),
          int(i.rows),
          i.executesPerRow.toFixed(3),
          ms(i.p50CallMs),
          i.failedCalls,
        ]),
      ),
    );
  }
  if (r.reports.length) {
    out.push('', '## Reports (one connection)', '');
    out.push(
      ...table(
        ['fixture clicks', 'conversions', 'load s', 'rollups s'],
        r.fixtures.map((fx) => [
          int(fx.clicks),
          int(fx.conversions),
          fx.seconds.toFixed(1),
          fx.rollupSeconds.toFixed(1),
        ]),
      ),
    );
    out.push('');
    out.push(
      ...table(
        ['report', 'clicks in DB', 'p50 ms', 'p99 ms', 'req/s'],
        r.reports.map((p) => [
          p.report,
          int(p.clicksInDb),
          ms(p.load.p50Ms),
          ms(p.load.p99Ms),
          int(p.load.rps),
        ]),
      ),
    );
  }
  if (r.workerSize) {
    out.push('', '## Worker upload', '');
    out.push(
      r.workerSize.measured
        ? `${r.workerSize.uploadKiB} KiB, ${r.workerSize.gzipKiB} KiB gzipped (wrangler deploy --dry-run)`
        : `Not measured: ${r.workerSize.note}`,
    );
  }
  if (r.dashboard) {
    out.push('', '## Dashboard bundle', '');
    if (!r.dashboard.measured) out.push(`Not measured: ${r.dashboard.note}`);
    else
      out.push(
        ...table(
          ['file', 'bytes', 'gzip -9 bytes'],
          (r.dashboard.files ?? []).map((file) => [
            file.file,
            int(file.bytes),
            int(file.gzipBytes),
          ]),
        ),
      );
  }
  if (r.live?.measured) {
    const l = r.live;
    out.push('', '## Live updates (event to screen, Chromium)', '');
    out.push(
      ...table(
        ['event', 'samples', 'p50 ms', 'p95 ms', 'max ms'],
        [
          [
            'tracking-link click',
            String(l.click_to_screen.samples),
            String(l.click_to_screen.p50_ms),
            String(l.click_to_screen.p95_ms),
            String(l.click_to_screen.max_ms),
          ],
          [
            'postback',
            String(l.postback_to_screen.samples),
            String(l.postback_to_screen.p50_ms),
            String(l.postback_to_screen.p95_ms),
            String(l.postback_to_screen.max_ms),
          ],
        ],
      ),
    );
  }
  if (r.profile) {
    out.push(
      '',
      `## Where the redirect's CPU goes (workerd profile, ${int(r.profile.busyMs)} ms busy)`,
      '',
    );
    out.push(
      ...table(
        ['self time by source file', 'ms', 'share'],
        r.profile.files.map((h) => [h.name, h.ms, `${h.share}%`]),
      ),
    );
    out.push('');
    out.push(
      ...table(
        ['inclusive (function and what it calls)', 'ms', 'share'],
        r.profile.inclusive.map((h) => [h.name, h.ms, `${h.share}%`]),
      ),
    );
  }
  if (r.workerErrors.length)
    out.push(
      '',
      '## Worker errors and warnings seen',
      '',
      ...r.workerErrors.slice(0, 10).map((l) => `- \`${l.replace(/`/g, "'")}\``),
    );
  return `${out.join('\n')}\n`;
}
