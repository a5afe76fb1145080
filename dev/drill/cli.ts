import { join } from 'node:path';
import { defaultFraudOptions, runFraudDrill } from './fraud.ts';
import { drillHelp, parseDrillArgs } from './options.ts';
import { runDrill } from './run.ts';

let options: ReturnType<typeof parseDrillArgs>;
try {
  options = parseDrillArgs(process.argv.slice(2));
} catch (err) {
  console.error(`${(err as Error).message}\n\n${drillHelp}`);
  process.exit(2);
}
if (options === 'help') {
  console.log(drillHelp);
  process.exit(0);
}
if (options.fraud) {
  const fraud = await runFraudDrill({
    ...defaultFraudOptions,
    slowCtitSeconds: options.slowCtitSeconds,
    reportPath: options.reportPath && join(options.reportPath, '..', 'fraud.json'),
    log: (line) => console.log(line),
  }).catch((err: Error) => {
    console.error(`\nThe fraud drill could not run: ${err.message}`);
    process.exit(1);
  });
  console.log(
    JSON.stringify(
      {
        clean: fraud.clean,
        bad: fraud.bad,
        fastConversions: fraud.fastConversions,
        slowConversions: fraud.slowConversions,
      },
      null,
      2,
    ),
  );
  console.log(
    fraud.passed ? 'fraud drill passed' : `fraud drill FAILED:\n  ${fraud.failures.join('\n  ')}`,
  );
  process.exit(fraud.passed ? 0 : 1);
}
const report = await runDrill(options).catch((err: Error) => {
  console.error(`\nThe drill could not run: ${err.message}`);
  process.exit(1);
});
process.exit(report.passed ? 0 : 1);
