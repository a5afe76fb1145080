import { drillHelp, parseDrillArgs } from './options.ts';
import { runDrill } from './run.ts';

let options;
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
const report = await runDrill(options).catch((err: Error) => {
  console.error(`\nThe drill could not run: ${err.message}`);
  process.exit(1);
});
process.exit(report.passed ? 0 : 1);
